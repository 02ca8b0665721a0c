#include "AwaitResult.h"
#include "LocalStack.h"

#include "control/AlertDesk.h"
#include "control/ConfigVersions.h"
#include "protocol/WireDashboard.h"

#include <QSignalSpy>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::awaitResult;
using sluice::test::LocalStack;

/// ApiBackend over LocalTransport against a real, durable engine: every Backend call goes
/// through ApiService's routes and the wire codecs, and the stream through the in-process
/// DashboardPublisher.
class TestApiBackendLocal : public QObject
{
    Q_OBJECT

    /// Two leases and `waiting` tickets in pool "llm" (2 slots).
    static QList<RequestId> fillQueue(LocalStack &s, int waiting)
    {
        QList<RequestId> tickets;
        for (int i = 0; i < 2 + waiting; ++i) {
            const Decision d = s.acquire(u"user-%1"_s.arg(i));
            if (d.outcome == Outcome::Queued)
                tickets << d.id;
        }
        return tickets;
    }

    static bool waitForSnapshot(ApiBackend &backend, auto predicate)
    {
        return QTest::qWaitFor([&] { return predicate(backend.snapshot()); }, 10'000);
    }

private slots:
    void startsConnectedAsAdminWithASnapshot()
    {
        LocalStack s;
        QVERIFY(s.backend);
        QCOMPARE(s.backend->connectionState(), ConnectionState::Connected);
        QCOMPARE(s.backend->role(), Role::Admin);
        QCOMPARE(s.backend->displayName(), u"Local"_s);
        const DashboardSnapshot snapshot = s.backend->snapshot();
        QCOMPARE(snapshot.pools.size(), 1);
        QCOMPARE(snapshot.pools.first().name, u"llm"_s);
        QCOMPARE(snapshot.pools.first().maxConcurrent, 2);
        QCOMPARE(snapshot.tiers.size(), 2);
        QVERIFY(snapshot.seq > 0);
        QCOMPARE(s.backend->follower().snapshotsApplied(), quint64(1));
    }

    void queueListsWaitingTicketsInOrder()
    {
        LocalStack s;
        const QList<RequestId> tickets = fillQueue(s, 3);
        QCOMPARE(tickets.size(), 3);
        int answers = 0;
        const auto result = awaitResult<QList<RequestInfo>>(
            [&](auto done) { s.backend->queue(u"llm"_s, 0, 100, done); }, &answers);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(answers, 1);
        QCOMPARE(result->size(), 3);
        for (qsizetype i = 0; i < 3; ++i) {
            QCOMPARE(result->at(i).id, tickets.at(i));
            QCOMPARE(result->at(i).position, i + 1);
            QCOMPARE(result->at(i).user, u"user-%1"_s.arg(i + 2));
        }
        const auto paged = awaitResult<QList<RequestInfo>>(
            [&](auto done) { s.backend->queue(u"llm"_s, 1, 1, done); });
        QCOMPARE(paged->size(), 1);
        QCOMPARE(paged->first().id, tickets.at(1));
    }

    void queueErrorsCarryTheirCode_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown pool") << u"nope"_s << qint64(10) << u"UNKNOWN_POOL"_s << QString();
        QTest::newRow("limit too high")
            << u"llm"_s << qint64(5000) << u"VALIDATION_FAILED"_s << u"limit"_s;
        QTest::newRow("pool name with a slash")
            << u"a/b"_s << qint64(10) << u"UNKNOWN_POOL"_s << QString();
    }
    void queueErrorsCarryTheirCode()
    {
        QFETCH(QString, pool);
        QFETCH(qint64, limit);
        QFETCH(QString, code);
        QFETCH(QString, field);
        LocalStack s;
        const auto result = awaitResult<QList<RequestInfo>>(
            [&](auto done) { s.backend->queue(pool, 0, limit, done); });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
        if (!field.isEmpty()) {
            QCOMPARE(result.error().fields.size(), 1);
            QCOMPARE(result.error().fields.first().field, field);
        }
    }

    void poolActionsChangeTheMode_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("mode");
        QTest::newRow("pause") << int(PoolAction::Pause) << int(PoolMode::Paused);
        QTest::newRow("drain") << int(PoolAction::Drain) << int(PoolMode::Draining);
    }
    void poolActionsChangeTheMode()
    {
        QFETCH(int, action);
        QFETCH(int, mode);
        LocalStack s;
        fillQueue(s, 1);
        const auto result = awaitResult<qint64>(
            [&](auto done) { s.backend->poolAction(u"llm"_s, PoolAction(action), done); });
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(*result, qint64(0));
        QCOMPARE(int(s.engine().poolStatus(u"llm"_s)->mode), mode);
        QVERIFY(waitForSnapshot(*s.backend, [&](const DashboardSnapshot &snap) {
            return int(snap.pools.first().mode) == mode;
        }));
        const auto resumed = awaitResult<qint64>(
            [&](auto done) { s.backend->poolAction(u"llm"_s, PoolAction::Resume, done); });
        QVERIFY(resumed.ok());
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->mode, PoolMode::Running);
    }

    void purgeAnswersHowManyTicketsFailed()
    {
        LocalStack s;
        fillQueue(s, 3);
        const auto result = awaitResult<qint64>(
            [&](auto done) { s.backend->poolAction(u"llm"_s, PoolAction::Purge, done); });
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(*result, qint64(3));
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->waiting, qint64(0));
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->inUse, 2);
        const auto again = awaitResult<qint64>(
            [&](auto done) { s.backend->poolAction(u"llm"_s, PoolAction::Purge, done); });
        QCOMPARE(*again, qint64(0));
    }

    void cancelTicketRemovesIt()
    {
        LocalStack s;
        const QList<RequestId> tickets = fillQueue(s, 2);
        const auto result =
            awaitResult<Done>([&](auto done) { s.backend->cancelTicket(tickets.first(), done); });
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QVERIFY(!s.engine().request(tickets.first()));
        QCOMPARE(s.engine().request(tickets.last())->position, qint64(1));
        const auto unknown = awaitResult<Done>(
            [&](auto done) { s.backend->cancelTicket(RequestId(0xabcdef), done); });
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, u"UNKNOWN_REQUEST"_s);
    }

    void userDetailsAndTierChange()
    {
        LocalStack s;
        const Decision lease = s.acquire(u"alice"_s);
        QCOMPARE(lease.outcome, Outcome::Granted);
        const auto before =
            awaitResult<UserDetails>([&](auto done) { s.backend->userDetails(u"alice"_s, done); });
        QVERIFY2(before.ok(), qPrintable(before.error().message));
        QCOMPARE(before->quota.user, u"alice"_s);
        QCOMPARE(before->quota.tier, u"free"_s);
        QCOMPARE(before->quota.requestsToday, qint64(1));
        QCOMPARE(before->quota.requestLimit, qint64(10));

        const auto pinned = awaitResult<Done>(
            [&](auto done) { s.backend->setUserTier(u"alice"_s, u"pro"_s, done); });
        QVERIFY2(pinned.ok(), qPrintable(pinned.error().message));
        QCOMPARE(s.engine().userQuota(u"alice"_s).tier, u"pro"_s);
        QVERIFY(s.engine().userQuota(u"alice"_s).tierPinned);
        const auto after =
            awaitResult<UserDetails>([&](auto done) { s.backend->userDetails(u"alice"_s, done); });
        QCOMPARE(after->quota.requestLimit, qint64(100));

        const auto unpinned = awaitResult<Done>(
            [&](auto done) { s.backend->setUserTier(u"alice"_s, QString(), done); });
        QVERIFY(unpinned.ok());
        QVERIFY(!s.engine().userQuota(u"alice"_s).tierPinned);

        const auto badTier = awaitResult<Done>(
            [&](auto done) { s.backend->setUserTier(u"alice"_s, u"platinum"_s, done); });
        QVERIFY(!badTier.ok());
        QCOMPARE(badTier.error().code, u"INVALID_REQUEST"_s);
        QVERIFY(badTier.error().message.contains(u"platinum"_s));
    }

    void userWithSlashesAndSpacesRoundTrips()
    {
        LocalStack s;
        const QString user = u"team a/b?c=d&e"_s;
        QCOMPARE(s.acquire(user).outcome, Outcome::Granted);
        const auto details =
            awaitResult<UserDetails>([&](auto done) { s.backend->userDetails(user, done); });
        QVERIFY2(details.ok(), qPrintable(details.error().message));
        QCOMPARE(details->quota.user, user);
        QCOMPARE(details->quota.requestsToday, qint64(1));
    }

    void applyConfigChangesTheEngine()
    {
        LocalStack s;
        const auto current =
            awaitResult<VersionedConfig>([&](auto done) { s.backend->config(done); });
        QVERIFY2(current.ok(), qPrintable(current.error().message));
        QCOMPARE(current->version, s.configVersions().version());
        EngineConfig edited = current->config;
        edited.pools.first().maxConcurrent = 7;
        const auto applied = awaitResult<ConfigApplied>(
            [&](auto done) { s.backend->applyConfig(edited, 0, u"more slots"_s, done); });
        QVERIFY2(applied.ok(), qPrintable(applied.error().message));
        QCOMPARE(applied->version, current->version + 1);
        QCOMPARE(applied->changes,
                 (QList<ConfigChange>{{u"pools.llm.max_concurrent"_s, u"2"_s, u"7"_s}}));
        QCOMPARE(s.engine().config().pools.first().maxConcurrent, 7);
        QVERIFY(waitForSnapshot(*s.backend, [](const DashboardSnapshot &snap) {
            return snap.pools.first().maxConcurrent == 7;
        }));
        QCOMPARE(s.backend->snapshot().configVersion, applied->version);
    }

    /// Another admin's version came in between: a change made from the older one changes
    /// nothing and says CONFIG_CONFLICT; made from the current one, it applies.
    void aChangeFromAnOlderVersionConflicts()
    {
        LocalStack s;
        const qint32 base = s.configVersions().version();
        EngineConfig theirs = s.engine().config();
        theirs.pools.first().maxConcurrent = 6;
        QVERIFY(s.configVersions().apply(theirs, u"bob"_s).ok());
        EngineConfig ours = s.engine().config();
        ours.pools.first().maxConcurrent = 5;
        const auto stale = awaitResult<ConfigApplied>(
            [&](auto done) { s.backend->applyConfig(ours, base, {}, done); });
        QCOMPARE(stale.error().code, u"CONFIG_CONFLICT"_s);
        QCOMPARE(s.engine().config().pools.first().maxConcurrent, 6);
        QCOMPARE(s.configVersions().version(), base + 1);
        const auto rolled =
            awaitResult<ConfigApplied>([&](auto done) { s.backend->rollback(base, base, done); });
        QCOMPARE(rolled.error().code, u"CONFIG_CONFLICT"_s);
        const auto current = awaitResult<ConfigApplied>(
            [&](auto done) { s.backend->applyConfig(ours, base + 1, {}, done); });
        QVERIFY2(current.ok(), qPrintable(current.error().message));
        QCOMPARE(s.engine().config().pools.first().maxConcurrent, 5);
    }

    void rejectedConfigNamesItsFields_data()
    {
        QTest::addColumn<int>("maxConcurrent");
        QTest::addColumn<int>("rpm");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        QTest::newRow("concurrency too high")
            << 20000 << 10 << u"pools.llm.max_concurrent"_s << u"10000"_s;
        QTest::newRow("rpm zero") << 2 << 0 << u"pools.llm.requests_per_minute"_s << u"100000"_s;
    }
    void rejectedConfigNamesItsFields()
    {
        QFETCH(int, maxConcurrent);
        QFETCH(int, rpm);
        QFETCH(QString, field);
        QFETCH(QString, words);
        LocalStack s;
        const qint32 version = s.configVersions().version();
        EngineConfig edited = s.engine().config();
        edited.pools.first().maxConcurrent = maxConcurrent;
        edited.pools.first().requestsPerMinute = rpm;
        const auto result = awaitResult<ConfigApplied>(
            [&](auto done) { s.backend->applyConfig(edited, 0, {}, done); });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, u"VALIDATION_FAILED"_s);
        QCOMPARE(result.error().fields.size(), 1);
        QCOMPARE(result.error().fields.first().field, field);
        QVERIFY2(result.error().fields.first().message.contains(words),
                 qPrintable(result.error().fields.first().message));
        QCOMPARE(s.configVersions().version(), version);
        QCOMPARE(s.engine().config().pools.first().maxConcurrent, 2);
    }

    void historyAndRollback()
    {
        LocalStack s;
        const qint32 first = s.configVersions().version();
        EngineConfig edited = s.engine().config();
        edited.tiers.first().dailyRequests = 25;
        QVERIFY(awaitResult<ConfigApplied>([&](auto done) {
                    s.backend->applyConfig(edited, 0, u"n"_s, done);
                }).ok());
        const auto history = awaitResult<QList<ConfigVersionRow>>(
            [&](auto done) { s.backend->configHistory(done); });
        QVERIFY2(history.ok(), qPrintable(history.error().message));
        QVERIFY(history->size() >= 2);
        const auto newest =
            std::max_element(history->begin(), history->end(),
                             [](const auto &a, const auto &b) { return a.version < b.version; });
        QCOMPARE(newest->version, first + 1);
        QCOMPARE(newest->actor, u"tester"_s);
        QCOMPARE(newest->note, u"n"_s);

        const auto rolled =
            awaitResult<ConfigApplied>([&](auto done) { s.backend->rollback(first, 0, done); });
        QVERIFY2(rolled.ok(), qPrintable(rolled.error().message));
        QCOMPARE(rolled->version, first + 2);
        QCOMPARE(rolled->changes,
                 (QList<ConfigChange>{{u"tiers.free.daily_requests"_s, u"25"_s, u"10"_s}}));
        QCOMPARE(s.engine().config().tiers.first().dailyRequests, 10);
        const auto unknown =
            awaitResult<ConfigApplied>([&](auto done) { s.backend->rollback(999, 0, done); });
        QCOMPARE(unknown.error().code, u"UNKNOWN_VERSION"_s);
    }

    void alertsFireAcknowledgeAndTest()
    {
        LocalStack s;
        QSignalSpy fired(s.backend.get(), &Backend::alertFired);
        fillQueue(s, 0);
        s.advance(1000);
        QVERIFY(waitForSnapshot(*s.backend, [](const DashboardSnapshot &snap) {
            return !snap.activeAlerts.isEmpty();
        }));
        QCOMPARE(fired.size(), 1);
        const AlertRecord alert = fired.first().first().value<AlertRecord>();
        QCOMPARE(alert.ruleId, u"pool-concurrency"_s);
        QCOMPARE(alert.target, u"llm"_s);

        const auto lists = awaitResult<AlertLists>([&](auto done) { s.backend->alerts(done); });
        QVERIFY2(lists.ok(), qPrintable(lists.error().message));
        QCOMPARE(lists->active.size(), 1);
        QCOMPARE(lists->active.first().id, alert.id);

        QVERIFY(awaitResult<Done>([&](auto done) {
                    s.backend->acknowledgeAlert(alert.id, done);
                }).ok());
        QCOMPARE(s.alerts().active().first().ackedBy, u"tester"_s);
        const auto twice =
            awaitResult<Done>([&](auto done) { s.backend->acknowledgeAlert(alert.id, done); });
        QCOMPARE(twice.error().code, u"UNKNOWN_ALERT"_s);

        QVERIFY(awaitResult<Done>([&](auto done) { s.backend->sendTestAlert(done); }).ok());
        const auto after = awaitResult<AlertLists>([&](auto done) { s.backend->alerts(done); });
        QVERIFY(std::any_of(after->history.begin(), after->history.end(),
                            [](const AlertRecord &a) { return a.metric == u"test"; }));
    }

    void auditRecordsWhoDidWhat()
    {
        LocalStack s;
        QVERIFY(awaitResult<qint64>([&](auto done) {
                    s.backend->poolAction(u"llm"_s, PoolAction::Pause, done);
                }).ok());
        QVERIFY(awaitResult<Done>([&](auto done) {
                    s.backend->setUserTier(u"bob"_s, u"pro"_s, done);
                }).ok());
        AuditQuery all;
        const auto entries =
            awaitResult<QList<AuditEntry>>([&](auto done) { s.backend->audit(all, done); });
        QVERIFY2(entries.ok(), qPrintable(entries.error().message));
        QVERIFY(entries->size() >= 2);
        QCOMPARE(entries->at(0).action, u"user.tier"_s);
        QCOMPARE(entries->at(0).target, u"bob"_s);
        QCOMPARE(entries->at(0).actor, u"tester"_s);
        QCOMPARE(entries->at(1).action, u"pool.pause"_s);

        AuditQuery filtered;
        filtered.action = u"pool.pause"_s;
        const auto pauses =
            awaitResult<QList<AuditEntry>>([&](auto done) { s.backend->audit(filtered, done); });
        QCOMPARE(pauses->size(), 1);
        QCOMPARE(pauses->first().target, u"llm"_s);
    }

    void roleBelowAdminIsRefusedByTheApi()
    {
        LocalStack s(Role::Support);
        QCOMPARE(s.backend->role(), Role::Support);
        // Support reads the limits, without the webhook URL (a secret)...
        const auto config =
            awaitResult<VersionedConfig>([&](auto done) { s.backend->config(done); });
        QVERIFY(config.ok());
        QVERIFY(config->config.alertWebhookUrl.isEmpty());
        QVERIFY(!config->config.pools.isEmpty());
        // ...but may not change them, purge or read the audit log.
        const auto applied = awaitResult<ConfigApplied>(
            [&](auto done) { s.backend->applyConfig(config->config, 0, {}, done); });
        QCOMPARE(applied.error().code, u"FORBIDDEN"_s);
        const auto audit =
            awaitResult<QList<AuditEntry>>([&](auto done) { s.backend->audit({}, done); });
        QCOMPARE(audit.error().code, u"FORBIDDEN"_s);
        const auto purge = awaitResult<qint64>(
            [&](auto done) { s.backend->poolAction(u"llm"_s, PoolAction::Purge, done); });
        QCOMPARE(purge.error().code, u"FORBIDDEN"_s);
        QVERIFY(awaitResult<UserDetails>([&](auto done) {
                    s.backend->userDetails(u"x"_s, done);
                }).ok());
    }

    void deltasFollowTheEngine()
    {
        LocalStack s;
        const quint64 seq = s.backend->snapshot().seq;
        QSignalSpy changed(s.backend.get(), &Backend::snapshotChanged);
        fillQueue(s, 2);
        QVERIFY(waitForSnapshot(*s.backend, [](const DashboardSnapshot &snap) {
            return snap.pools.first().waiting == 2;
        }));
        QCOMPARE(s.backend->snapshot().pools.first().inUse, 2);
        QVERIFY(s.backend->snapshot().seq > seq);
        QVERIFY(s.backend->follower().deltasApplied() >= 1);
        QCOMPARE(s.backend->follower().snapshotsApplied(), quint64(1));
        QVERIFY(!changed.isEmpty());
    }

    void gapAsksForASnapshotAgain()
    {
        LocalStack s;
        DashboardPublisher &publisher = s.service->dashboard();
        const DashboardSnapshot before = s.backend->snapshot();
        // A delta that skips numbers: the backend must not apply it and must resync.
        DashboardSnapshot skipped = before;
        skipped.seq = before.seq + 5;
        skipped.pools.first().waiting = 99;
        const std::optional<QJsonObject> delta = dashboardDelta(before, skipped);
        QVERIFY(delta);
        emit publisher.published(*delta);
        QCOMPARE(s.backend->snapshot().pools.first().waiting, qint64(0));
        QCOMPARE(s.backend->follower().gaps(), quint64(1));
        QVERIFY(
            QTest::qWaitFor([&] { return s.backend->follower().snapshotsApplied() == 2; }, 10'000));
        QCOMPARE(s.backend->snapshot().pools.first().waiting, qint64(0));
        QVERIFY(s.backend->follower().isSynced());

        fillQueue(s, 1);
        QVERIFY(waitForSnapshot(*s.backend, [](const DashboardSnapshot &snap) {
            return snap.pools.first().waiting == 1;
        }));
    }

    void malformedMessageIsNotApplied()
    {
        LocalStack s;
        const DashboardSnapshot before = s.backend->snapshot();
        emit s.service->dashboard().published(QJsonObject{{u"type"_s, u"delta"_s},
                                                          {u"protocol"_s, 1},
                                                          {u"seq"_s, qint64(before.seq + 1)},
                                                          {u"pools"_s, u"not a list"_s}});
        QCOMPARE(s.backend->snapshot().seq, before.seq);
        QVERIFY(
            QTest::qWaitFor([&] { return s.backend->follower().snapshotsApplied() == 2; }, 10'000));
    }
};

QTEST_GUILESS_MAIN(TestApiBackendLocal)
#include "tst_apibackendlocal.moc"
