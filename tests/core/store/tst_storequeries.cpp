#include "ResultChecks.h"
#include "store/Store.h"

#include "tst_storesupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestStoreQueries : public QObject
{
    Q_OBJECT

private:
    void commit(const StoreBatch &batch) { QVERIFY_OK(m_store->commit(batch)); }

    static RequestRow request(RequestId id, qint64 tokens)
    {
        return RequestRow{id,       RequestRow::State::Waiting,
                          u"p"_s,   u"alice"_s,
                          u"pro"_s, u"c"_s,
                          tokens,   1000,
                          2000,     id * 10,
                          5};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<Store>();
        QVERIFY_OK(m_store->open(m_dir->filePath(u"s.db"_s)));
    }

    void cleanup() { m_store.reset(); }

    void usageSumsWithinAndAcrossBatches()
    {
        StoreBatch first;
        first.addUsage(usage(10, u"anthropic"_s, u"alice"_s, u"pro"_s, 1, 100, 50, 1000));
        first.addUsage(usage(10, u"anthropic"_s, u"alice"_s, u"pro"_s, 1, 10, 5, 100));
        first.addUsage(usage(10, u"elevenlabs"_s, u"alice"_s, u"pro"_s, 2, 0, 0, 7));
        first.addUsage(usage(10, u"anthropic"_s, u"bob"_s, u"free"_s, 1, 1, 1, 1));
        first.addUsage(usage(11, u"anthropic"_s, u"alice"_s, u"pro"_s, 4, 4, 4, 4));
        commit(first);
        StoreBatch second;
        second.addUsage(usage(10, u"anthropic"_s, u"alice"_s, u"pro"_s, 3, 1, 2, 3));
        second.addUsage(usage(10, u"anthropic"_s, u"carol"_s, u"pro"_s, 1, 0, 0, 0));
        commit(second);

        const auto byUser = m_store->usageTotalsByUser(10).value();
        QCOMPARE(byUser.size(), 3);
        QCOMPARE(byUser.value(u"alice"_s), (UsageTotals{7, 111, 57, 1110}));
        QCOMPARE(byUser.value(u"alice"_s).tokens(), 168);
        QCOMPARE(byUser.value(u"bob"_s), (UsageTotals{1, 1, 1, 1}));

        const auto byTier = m_store->usageByTier(10).value();
        QCOMPARE(byTier.size(), 2);
        QCOMPARE(byTier.at(0).tier, u"free"_s);
        QCOMPARE(byTier.at(1).tier, u"pro"_s);
        QCOMPARE(byTier.at(1).users, 2);
        QCOMPARE(byTier.at(1).totals, (UsageTotals{8, 111, 57, 1110}));

        const auto byPoolTier = m_store->usageByPoolTier(10).value();
        QCOMPARE(byPoolTier.size(), 3);
        QCOMPARE(byPoolTier.at(1).pool, u"anthropic"_s);
        QCOMPARE(byPoolTier.at(1).tier, u"pro"_s);
        QCOMPARE(byPoolTier.at(1).totals, (UsageTotals{6, 111, 57, 1103}));
        QCOMPARE(byPoolTier.at(2).pool, u"elevenlabs"_s);

        const auto history = m_store->userUsageHistory(u"alice"_s, 9, 11).value();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(0).day, 10);
        QCOMPARE(history.at(1).day, 11);
        QCOMPARE(history.at(1).totals, (UsageTotals{4, 4, 4, 4}));
        QCOMPARE(m_store->userUsageHistory(u"alice"_s, 11, 20).value().size(), 1);
        QVERIFY(m_store->usageTotalsByUser(12).value().isEmpty());
    }

    void requestPutAndRemove_data()
    {
        QTest::addColumn<QString>("batches");       // per batch, ops on id 1: p = put, r = remove
        QTest::addColumn<qint64>("expectedTokens"); // -1 = absent
        QTest::newRow("put") << u"p"_s << qint64(1);
        QTest::newRow("put then remove") << u"pr"_s << qint64(-1);
        QTest::newRow("remove then put") << u"rp"_s << qint64(1);
        QTest::newRow("put, later remove") << u"p,r"_s << qint64(-1);
        QTest::newRow("put, later put") << u"p,p"_s << qint64(2);
        QTest::newRow("put, later remove then put") << u"p,rp"_s << qint64(2);
        QTest::newRow("remove missing") << u"r"_s << qint64(-1);
    }

    void requestPutAndRemove()
    {
        QFETCH(QString, batches);
        QFETCH(qint64, expectedTokens);
        qint64 tokens = 0;
        for (const QString &ops : batches.split(u',')) {
            StoreBatch batch;
            for (const QChar op : ops) {
                if (op == u'p')
                    batch.putRequest(request(1, ++tokens));
                else
                    batch.removeRequest(1);
            }
            batch.putRequest(request(2, 0));
            commit(batch);
        }
        const QList<RequestRow> rows = m_store->loadRequests().value();
        const auto found =
            std::find_if(rows.cbegin(), rows.cend(), [](const RequestRow &r) { return r.id == 1; });
        QCOMPARE(found == rows.cend() ? -1 : found->tokens, expectedTokens);
        QCOMPARE(rows.size(), expectedTokens < 0 ? 1 : 2);
    }

    void requestRowsRoundTripAllFields()
    {
        const RequestId bigId = ~RequestId(0) - 5;
        RequestRow row{bigId,
                       RequestRow::State::Active,
                       u"anam"_s,
                       u"bob"_s,
                       u"enterprise"_s,
                       u"ws-1"_s,
                       1234,
                       111,
                       222,
                       ~quint64(0),
                       -3,
                       333,
                       444};
        StoreBatch batch;
        batch.putRequest(row);
        commit(batch);
        const QList<RequestRow> rows = m_store->loadRequests().value();
        QCOMPARE(rows.size(), 1);
        const RequestRow &r = rows.first();
        QCOMPARE(r.id, bigId);
        QCOMPARE(r.state, RequestRow::State::Active);
        QCOMPARE(r.pool, u"anam"_s);
        QCOMPARE(r.user, u"bob"_s);
        QCOMPARE(r.tier, u"enterprise"_s);
        QCOMPARE(r.contextId, u"ws-1"_s);
        QCOMPARE(r.tokens, 1234);
        QCOMPARE(r.enqueuedAt, 111);
        QCOMPARE(r.waitDeadline, 222);
        QCOMPARE(r.arrival, ~quint64(0));
        QCOMPARE(r.priority, -3);
        QCOMPARE(r.grantedAt, 333);
        QCOMPARE(r.lastHeartbeat, 444);
    }

    void auditFiltersAndPages_data()
    {
        QTest::addColumn<AuditQuery>("query");
        QTest::addColumn<QList<qint64>>("expectedIds");
        QTest::newRow("newest first, default limit")
            << AuditQuery{} << QList<qint64>{6, 5, 4, 3, 2, 1};
        QTest::newRow("limit") << AuditQuery{.limit = 2} << QList<qint64>{6, 5};
        QTest::newRow("offset") << AuditQuery{.limit = 2, .offset = 3} << QList<qint64>{3, 2};
        QTest::newRow("offset past end") << AuditQuery{.offset = 10} << QList<qint64>{};
        QTest::newRow("actor substring")
            << AuditQuery{.actor = u"ADMIN"_s} << QList<qint64>{5, 3, 1};
        QTest::newRow("action") << AuditQuery{.action = u"pool."_s} << QList<qint64>{4, 3, 2};
        QTest::newRow("target and actor")
            << AuditQuery{.actor = u"admin"_s, .target = u"anthropic"_s} << QList<qint64>{3, 1};
        QTest::newRow("wildcard is literal") << AuditQuery{.target = u"50%"_s} << QList<qint64>{6};
        QTest::newRow("underscore is literal")
            << AuditQuery{.target = u"a_b"_s} << QList<qint64>{5};
        QTest::newRow("time range") << AuditQuery{.from = 2000, .to = 4000} << QList<qint64>{3, 2};
        QTest::newRow("from only") << AuditQuery{.from = 5000} << QList<qint64>{6, 5};
        QTest::newRow("no match") << AuditQuery{.actor = u"nobody"_s} << QList<qint64>{};
    }

    void auditFiltersAndPages()
    {
        QFETCH(AuditQuery, query);
        QFETCH(QList<qint64>, expectedIds);
        const std::array<AuditEntry, 6> entries{{
            {0, 1000, u"admin-key"_s, u"config.update"_s, u"anthropic"_s, u"rpm 50 -> 100"_s},
            {0, 2000, u"ops"_s, u"pool.pause"_s, u"elevenlabs"_s, {}},
            {0, 3000, u"local admin"_s, u"pool.resume"_s, u"anthropic"_s, {}},
            {0, 4000, u"ops"_s, u"pool.drain"_s, u"anam"_s, {}},
            {0, 5000, u"Admin"_s, u"user.tier"_s, u"a_b"_s, {}},
            {0, 6000, u"env"_s, u"alert.test"_s, u"50%"_s, {}},
        }};
        StoreBatch first;
        StoreBatch second;
        for (std::size_t i = 0; i < entries.size(); ++i)
            (i < 3 ? first : second).appendAudit(entries[i]);
        commit(first);
        commit(second);
        QList<qint64> ids;
        for (const AuditEntry &e : m_store->audit(query).value())
            ids.append(e.id);
        QCOMPARE(ids, expectedIds);
        QCOMPARE(m_store->maxAuditId().value(), 6);
    }

    void auditKeepsFieldsAndExplicitIds()
    {
        StoreBatch batch;
        batch.appendAudit(AuditEntry{0, 10, u"a"_s, u"b"_s, u"c"_s, u"d"_s});
        batch.appendAudit(AuditEntry{40, 20, u"x"_s, u"y"_s, u"z"_s, u"w"_s});
        batch.appendAudit(AuditEntry{0, 30, u"n"_s, u"n"_s, u"n"_s, u"n"_s});
        commit(batch);
        const QList<AuditEntry> rows = m_store->audit(AuditQuery{}).value();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).id, 41);
        QCOMPARE(rows.at(1).id, 40);
        QCOMPARE(rows.at(1).detail, u"w"_s);
        QCOMPARE(rows.at(2).id, 1);
        QCOMPARE(rows.at(2).actor, u"a"_s);
        QCOMPARE(m_store->maxAuditId().value(), 41);
    }

    void configVersions()
    {
        QCOMPARE(m_store->latestConfigVersion().value(), std::nullopt);
        StoreBatch batch;
        for (int v = 1; v <= 3; ++v)
            batch.putConfigVersion({v, v * 100, u"admin"_s, u"note %1"_s.arg(v),
                                    QByteArray(R"({"version":)") + QByteArray::number(v) + '}'});
        commit(batch);
        const QList<ConfigVersionRow> list = m_store->loadConfigVersions().value();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).version, 1); // oldest first, each with its JSON
        QCOMPARE(list.at(2).version, 3);
        QCOMPARE(list.at(2).note, u"note 3"_s);
        QCOMPARE(list.at(2).json, QByteArray(R"({"version":3})"));
        const auto second = m_store->configVersion(2).value();
        QVERIFY(second.has_value());
        QCOMPARE(second->json, QByteArray(R"({"version":2})"));
        QCOMPARE(second->at, 200);
        QCOMPARE(m_store->configVersion(9).value(), std::nullopt);
        QCOMPARE(m_store->latestConfigVersion().value()->version, 3);
        QCOMPARE(m_store->latestConfigVersion().value()->json, QByteArray(R"({"version":3})"));
    }

    void alertsUpsertById()
    {
        StoreBatch fired;
        fired.putAlert({1,
                        u"r1"_s,
                        u"pool_concurrency"_s,
                        u"anthropic"_s,
                        0.8,
                        0.85,
                        1000,
                        0,
                        0,
                        {},
                        u"80% of max_concurrent"_s});
        fired.putAlert({2, u"r2"_s, u"pool_rpm"_s, u"anam"_s, 0.8, 0.9, 2000, 0, 0, {}, {}});
        commit(fired);
        StoreBatch cleared;
        cleared.putAlert({1, u"r1"_s, u"pool_concurrency"_s, u"anthropic"_s, 0.8, 0.97, 1000, 3000,
                          2500, u"ops"_s, u"80% of max_concurrent"_s});
        cleared.putAlert({3, u"r1"_s, u"test"_s, {}, 0, 0, 4000, 4000, 0, {}, u"test"_s});
        commit(cleared);
        const QList<AlertRecord> all = m_store->alerts(0).value();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).id, 3);
        QCOMPARE(all.at(2).id, 1);
        QCOMPARE(all.at(2).peak, 0.97);
        QCOMPARE(all.at(2).clearedAt, 3000);
        QCOMPARE(all.at(2).ackedAt, 2500);
        QCOMPARE(all.at(2).ackedBy, u"ops"_s);
        QCOMPARE(all.at(2).metric, u"pool_concurrency"_s);
        QCOMPARE(m_store->alerts(1, 1).value().first().id, 2);
        QCOMPARE(m_store->alerts(5, 3).value().size(), 0);
        QCOMPARE(m_store->maxAlertId().value(), 3);
    }

    void userTiersSetAndRemove()
    {
        StoreBatch batch;
        batch.setUserTier(u"alice"_s, u"pro"_s);
        batch.setUserTier(u"bob"_s, u"basic"_s);
        commit(batch);
        StoreBatch change;
        change.setUserTier(u"alice"_s, u"enterprise"_s);
        change.setUserTier(u"bob"_s, QString());
        change.setUserTier(u"nobody"_s, QString());
        commit(change);
        const QHash<QString, QString> expected{{u"alice"_s, u"enterprise"_s}};
        QCOMPARE(m_store->loadUserTiers().value(), expected);
    }

    void apiKeys()
    {
        StoreBatch batch;
        batch.putApiKey({u"sk_b"_s, u"ops"_s, u"operator"_s, QByteArray(32, '\x01'), 10, 0});
        batch.putApiKey({u"sk_a"_s, u"ci"_s, u"client"_s, QByteArray("\x00\xff", 2), 20, 0});
        commit(batch);
        StoreBatch revoke;
        revoke.putApiKey({u"sk_b"_s, u"ops"_s, u"operator"_s, QByteArray(32, '\x01'), 10, 99});
        commit(revoke);
        const QList<ApiKeyRow> keys = m_store->readApiKeys().value();
        QCOMPARE(keys.size(), 2);
        QCOMPARE(keys.at(0).id, u"sk_a"_s);
        QCOMPARE(keys.at(0).hash, QByteArray("\x00\xff", 2));
        QCOMPARE(keys.at(1).revokedAt, 99);
        const auto b = m_store->apiKey(u"sk_b"_s).value();
        QVERIFY(b.has_value());
        QCOMPARE(b->role, u"operator"_s);
        QCOMPARE(b->createdAt, 10);
        QCOMPARE(m_store->apiKey(u"sk_none"_s).value(), std::nullopt);
    }

    void metaSetAndOverwrite()
    {
        QCOMPARE(m_store->meta(u"generation"_s).value(), std::nullopt);
        StoreBatch batch;
        batch.setMeta(u"generation"_s, u"1"_s);
        commit(batch);
        StoreBatch next;
        next.setMeta(u"generation"_s, u"2"_s);
        commit(next);
        QCOMPARE(m_store->meta(u"generation"_s).value(), std::optional(u"2"_s));
    }
};

QTEST_GUILESS_MAIN(TestStoreQueries)
#include "tst_storequeries.moc"
