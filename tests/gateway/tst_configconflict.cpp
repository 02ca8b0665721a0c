#include "GatewayFixture.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {
using Headers = QList<std::pair<QByteArray, QByteArray>>;

Headers ifMatch(const QByteArray &tag)
{
    return {{"If-Match", tag}};
}

int version(GatewayFixture &f, const QByteArray &key)
{
    return f.call("GET", u"/v1/config"_s, {}, key).number("version"_L1);
}

int configUpdates(GatewayFixture &f, const QByteArray &key)
{
    return int(f.call("GET", u"/v1/audit?action=config.update"_s, {}, key)
                   .json.value("entries"_L1)
                   .toArray()
                   .size());
}
} // namespace

/// Concurrent edits (SPEC section 4): every configuration read carries its version as an ETag,
/// a change may name the version it was made from in If-Match, and a change made from an older
/// version is refused with 412 CONFIG_CONFLICT and the current version, changing nothing.
class TestConfigConflict : public QObject
{
    Q_OBJECT

private slots:
    void readsCarryTheVersionAsAnETag()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto first = f.call("GET", u"/v1/config"_s, {}, admin);
        QCOMPARE(first.number("version"_L1), 1);
        QCOMPARE(first.header("etag"), QByteArray("\"1\""));
        const auto changed = f.call("PUT", u"/v1/config/pools/llm"_s,
                                    R"({"pool": {"requests_per_minute": 20}})", admin);
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.header("etag"), QByteArray("\"2\""));
        QCOMPARE(f.call("GET", u"/v1/config"_s, {}, admin).header("etag"), QByteArray("\"2\""));
        QCOMPARE(f.call("GET", u"/v1/config/history"_s, {}, admin).header("etag"),
                 QByteArray("\"2\""));
        QCOMPARE(f.call("GET", u"/api/admin/rate-limit-status"_s, {}, admin).header("etag"),
                 QByteArray("\"2\""));
    }

    /// The bug report: admin B raised a limit while admin A's form still showed the old value;
    /// A's change, made from version 1, must not write the old value back.
    void aChangeMadeFromAnOlderVersionIsRefused()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray alice = f.createKey(Role::Admin, u"alice"_s);
        const QByteArray bob = f.createKey(Role::Admin, u"bob"_s);
        QCOMPARE(f.call("PUT", u"/v1/config/pools/llm"_s,
                        R"({"pool": {"requests_per_minute": 20}})", bob, ifMatch("\"1\""))
                     .status,
                 200);
        const auto stale =
            f.call("PUT", u"/v1/config/pools/llm"_s, R"({"pool": {"requests_per_minute": 10}})",
                   alice, ifMatch("\"1\""));
        QCOMPARE(stale.status, 412);
        QCOMPARE(stale.json.value("error"_L1).toString(), u"CONFIG_CONFLICT"_s);
        QCOMPARE(stale.number("current_version"_L1), 2);
        QCOMPARE(stale.header("etag"), QByteArray("\"2\""));
        QVERIFY2(stale.json.value("message"_L1).toString().contains(u"version 2"_s),
                 qPrintable(stale.json.value("message"_L1).toString()));
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, alice).number("requests_per_minute"_L1), 20);
        QCOMPARE(version(f, alice), 2);
        QCOMPARE(configUpdates(f, alice), 1);
    }

    void everyChangeRouteChecksItsBase_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("PUT config") << QByteArray("PUT") << u"/v1/config"_s << QByteArray();
        QTest::newRow("PATCH config") << QByteArray("PATCH") << u"/v1/config"_s
                                      << QByteArray(R"({"config": {"alert_webhook_url": ""}})");
        QTest::newRow("PUT pool") << QByteArray("PUT") << u"/v1/config/pools/llm"_s
                                  << QByteArray(R"({"pool": {"max_concurrent": 1}})");
        QTest::newRow("PUT tier") << QByteArray("PUT") << u"/v1/config/tiers/free"_s
                                  << QByteArray(R"({"tier": {"daily_requests": 5}})");
        QTest::newRow("preset") << QByteArray("POST") << u"/v1/config/pools/llm/preset"_s
                                << QByteArray(R"({"preset": "balanced"})");
        QTest::newRow("rollback") << QByteArray("POST") << u"/v1/config/rollback"_s
                                  << QByteArray(R"({"version": 1})");
        QTest::newRow("seed update") << QByteArray("POST") << u"/api/admin/update-rate-limits"_s
                                     << QByteArray(R"({"config": {"maxConcurrentRequests": 1}})");
    }

    void everyChangeRouteChecksItsBase()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        QCOMPARE(f.call("PUT", u"/v1/config/pools/llm"_s,
                        R"({"pool": {"requests_per_minute": 20}})", admin)
                     .status,
                 200);
        if (body.isEmpty()) {
            const QJsonObject config =
                f.call("GET", u"/v1/config"_s, {}, admin).json.value("config"_L1).toObject();
            body = QJsonDocument(QJsonObject{{u"config"_s, config}}).toJson();
        }
        const auto stale = f.call(method, path, body, admin, ifMatch("\"1\""));
        QCOMPARE(stale.status, 412);
        QCOMPARE(stale.json.value("error"_L1).toString(), u"CONFIG_CONFLICT"_s);
        QCOMPARE(stale.number("current_version"_L1), 2);
        QCOMPARE(version(f, admin), 2);
        QCOMPARE(configUpdates(f, admin), 1);
        if (path.startsWith(u"/api/admin"_s))
            QCOMPARE(stale.json.value("success"_L1), QJsonValue(false));
        // The same change named from the current version goes through.
        const auto current = f.call(method, path, body, admin, ifMatch("\"2\""));
        QVERIFY2(current.status == 200, current.body.constData());
    }

    void absentStarAndListsMatchAsHttpSays()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto change = [&](int rpm, const Headers &headers) {
            return f
                .call("PUT", u"/v1/config/pools/llm"_s,
                      u"{\"pool\": {\"requests_per_minute\": %1}}"_s.arg(rpm).toUtf8(), admin,
                      headers)
                .status;
        };
        QCOMPARE(change(20, {}), 200);                             // no precondition: version 2
        QCOMPARE(change(21, ifMatch("*")), 200);                   // any version: 3
        QCOMPARE(change(22, ifMatch("\"1\", \"3\"")), 200);        // a list naming 3: 4
        QCOMPARE(change(23, ifMatch("\"1\",\"2\" , \"3\"")), 412); // none names 4
        QCOMPARE(change(23, ifMatch("\"abc\"")), 412);             // a tag we never gave
        QCOMPARE(version(f, admin), 4);
    }

    void aMalformedIfMatchIsNamedAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("bare number") << QByteArray("1");
        QTest::newRow("weak tag") << QByteArray("W/\"1\"");
        QTest::newRow("unterminated") << QByteArray("\"1");
        QTest::newRow("empty list") << QByteArray(" , ");
    }

    void aMalformedIfMatchIsNamedAndChangesNothing()
    {
        QFETCH(QByteArray, value);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto answer =
            f.call("PUT", u"/v1/config/pools/llm"_s, R"({"pool": {"requests_per_minute": 20}})",
                   admin, ifMatch(value));
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json.value("error"_L1).toString(), u"VALIDATION_FAILED"_s);
        QVERIFY2(answer.json.value("message"_L1).toString().contains(u"If-Match"_s),
                 answer.body.constData());
        QCOMPARE(version(f, admin), 1);
    }
};

QTEST_GUILESS_MAIN(TestConfigConflict)
#include "tst_configconflict.moc"
