#include "RuntimeFixture.h"

#include "store/Store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestControlPlane : public QObject
{
    Q_OBJECT

private slots:
    void applyingAConfigMakesAnAuditedVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QCOMPARE(f.control().configVersion(), 1);
        EngineConfig changed = f.control().config();
        changed.pools[0].requestsPerMinute = 100;
        QSignalSpy versions(&f.control(), &ControlPlane::configChanged);
        const ConfigChangeResult result = f.control().applyConfig(changed, u"ops-admin"_s, u"more"_s);
        QVERIFY(result.ok());
        QCOMPARE(result.version, 2);
        QCOMPARE(result.changes.size(), 1);
        QCOMPARE(result.changes[0].path, u"pools.llm.requests_per_minute"_s);
        QCOMPARE(versions.count(), 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->requestsPerMinute, 100);
        QVERIFY(f.runtime->flush()); // the audit entry goes to the store through the writer
        const QList<AuditEntry> audit = f.runtime->store().audit(AuditQuery{u"ops-admin"_s});
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit[0].action, u"config.update"_s);
        QCOMPARE(audit[0].detail, u"pools.llm.requests_per_minute: 10 -> 100"_s);
        QCOMPARE(f.control().configHistory().size(), 2);
    }

    void anInvalidConfigChangesNothing()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig bad = f.control().config();
        bad.pools[0].requestsPerMinute = 0;
        bad.pools[0].maxConcurrent = 20000;
        const ConfigChangeResult result = f.control().applyConfig(bad, u"admin"_s);
        QVERIFY(!result.ok());
        QCOMPARE(result.errors.size(), 2);
        QCOMPARE(result.errors[0].field, u"pools.llm.max_concurrent"_s);
        QVERIFY(result.message.contains(u"between 1 and 100000 (got 0)"_s));
        QCOMPARE(result.version, 1);
        QCOMPARE(f.control().configVersion(), 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->requestsPerMinute, 10);
        QCOMPARE(f.control().configHistory().size(), 1);
    }

    /// No synchronous commit on the engine's thread: a version goes to the writer with the
    /// turn's other records, and reading it back comes from memory.
    void aConfigVersionIsCommittedByTheWriter()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig changed = f.control().config();
        changed.pools[0].maxConcurrent = 7;
        QVERIFY(f.control().applyConfig(changed, u"admin"_s).ok());
        QCOMPARE(f.runtime->store().configVersion(2), std::nullopt); // not committed yet
        QCOMPARE(f.control().configVersionRow(2)->actor, u"admin"_s);
        QCOMPARE(f.control().configAt(2)->pools[0].maxConcurrent, 7);
        QVERIFY(f.runtime->flush());
        QCOMPARE(f.runtime->store().configVersion(2)->actor, u"admin"_s);
        QCOMPARE(f.runtime->store().audit(AuditQuery{u"admin"_s}).size(), 1);
    }

    /// Raising max_concurrent grants a waiting ticket at once. That grant and the version
    /// share one transaction: while the disk refuses the version, neither is durable (so the
    /// grant is not acknowledged); once it accepts, both are.
    void aVersionAndTheGrantsMadeUnderItAreDurableTogether()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig one = f.control().config();
        one.pools[0].maxConcurrent = 1;
        QVERIFY(f.control().applyConfig(one, u"admin"_s).ok());
        QCOMPARE(f.acquire(u"alice"_s).outcome, Outcome::Granted);
        const Decision bob = f.acquire(u"bob"_s);
        QCOMPARE(bob.outcome, Outcome::Queued);
        QVERIFY(f.runtime->flush());
        const auto saboteur = [&](const QString &sql) {
            // A trigger stands in for a full disk.
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"saboteur"_s);
                db.setDatabaseName(f.runtime->databasePath());
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
                db.close();
            }
            QSqlDatabase::removeDatabase(u"saboteur"_s);
        };
        saboteur(u"CREATE TRIGGER refuse BEFORE INSERT ON config_versions "
                 "BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s);
        EngineConfig two = one;
        two.pools[0].maxConcurrent = 2;
        QVERIFY(f.control().applyConfig(two, u"admin"_s).ok());
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->inUse, 2); // bob granted in memory
        QVERIFY(!f.runtime->flush(300));                     // the writer keeps failing
        const auto stateOfBob = [&] {
            for (const RequestRow &row : f.runtime->store().loadRequests())
                if (row.id == bob.id)
                    return row.state;
            return RequestRow::State::Waiting;
        };
        QCOMPARE(f.runtime->store().configVersion(3), std::nullopt);
        QCOMPARE(stateOfBob(), RequestRow::State::Waiting);
        saboteur(u"DROP TRIGGER refuse"_s);
        QVERIFY(f.runtime->flush(5000)); // retried by the writer
        QCOMPARE(f.runtime->store().configVersion(3)->version, 3);
        QCOMPARE(stateOfBob(), RequestRow::State::Active);
    }

    void sameConfigMakesNoVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        const ConfigChangeResult result = f.control().applyConfig(f.control().config(), u"a"_s);
        QVERIFY(result.ok());
        QVERIFY(result.changes.isEmpty());
        QCOMPARE(result.version, 1);
        QVERIFY(f.runtime->store().audit(AuditQuery{u"a"_s}).isEmpty());
    }

    void rollbackAppliesAnOldVersionAgain()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig changed = f.control().config();
        changed.pools[0].maxConcurrent = 7;
        QVERIFY(f.control().applyConfig(changed, u"a"_s).ok());
        const ConfigChangeResult back = f.control().rollback(1, u"b"_s);
        QVERIFY(back.ok());
        QCOMPARE(back.version, 3);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 2);
        QCOMPARE(f.control().configHistory().first().note, u"rollback to version 1"_s);
        QCOMPARE(f.control().rollback(42, u"b"_s).message, u"There is no configuration version 42"_s);
    }

    void poolActionsAreAuditedWithWhoAndWhen()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.acquire(u"a"_s).granted());
        QVERIFY(f.acquire(u"b"_s).granted());
        const Decision waiting = f.acquire(u"c"_s);
        QVERIFY(f.control().pause(u"llm"_s, u"olivia"_s));
        QVERIFY(f.control().resume(u"llm"_s, u"olivia"_s));
        qint64 purged = 0;
        QVERIFY(f.control().purge(u"llm"_s, u"olivia"_s, &purged));
        QCOMPARE(purged, 1);
        QVERIFY(!f.engine().request(waiting.id));
        QVERIFY(f.control().drain(u"llm"_s, u"olivia"_s));
        QCOMPARE(f.control().pause(u"nope"_s, u"olivia"_s).error, Reason::UnknownPool);
        QVERIFY(f.runtime->flush()); // audit entries go to the store through the writer
        const QList<AuditEntry> audit = f.runtime->store().audit(AuditQuery{u"olivia"_s});
        QStringList actions;
        for (const AuditEntry &entry : audit)
            actions.prepend(entry.action);
        QCOMPARE(actions, (QStringList{u"pool.pause"_s, u"pool.resume"_s, u"pool.purge"_s,
                                       u"pool.drain"_s}));
        QCOMPARE(audit[1].detail, u"1 waiting tickets failed with QUEUE_PURGED"_s);
        QCOMPARE(audit[0].at, EngineFixture::kStart);
    }

    void alertsFireClearAndAreAcknowledged()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QSignalSpy events(&f.control(), &ControlPlane::alertEvent);
        QVERIFY(f.acquire(u"a"_s).granted());
        QVERIFY(f.acquire(u"b"_s).granted());  // 2 of 2 slots: 100%
        f.control().sampleAlerts();
        QList<AlertRecord> active = f.control().activeAlerts();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active[0].metric, u"pool_concurrency"_s);
        QCOMPARE(active[0].target, u"llm"_s);
        QCOMPARE(events.count(), 1);
        QVERIFY(f.control().acknowledgeAlert(active[0].id, u"olivia"_s));
        QCOMPARE(f.control().activeAlerts()[0].ackedBy, u"olivia"_s);
        QVERIFY(!f.control().acknowledgeAlert(active[0].id, u"olivia"_s));
        EngineConfig wider = f.control().config();
        wider.pools[0].maxConcurrent = 10;  // 2 of 10: cleared
        QVERIFY(f.control().applyConfig(wider, u"admin"_s).ok());
        f.control().sampleAlerts();
        QVERIFY(f.control().activeAlerts().isEmpty());
        QVERIFY(f.runtime->flush()); // alert changes go to the store through the writer
        const QList<AlertRecord> history = f.runtime->store().alertHistory(10);
        QCOMPARE(history.size(), 1);
        QVERIFY(history[0].clearedAt > 0);
        const AlertRecord test = f.control().sendTestAlert(u"olivia"_s);
        QCOMPARE(test.metric, u"test"_s);
        QVERIFY(f.runtime->flush());
        QCOMPARE(f.runtime->store().alertHistory(10).first().id, test.id);
    }

    void userQuotaAlertsFireForUsersNearTheirQuota()
    {
        RuntimeFixture f;
        EngineConfig config = EngineFixture::defaultTestConfig(); // free: 10 requests a day
        config.pools.first().maxConcurrent = 100;
        config.pools.first().requestsPerMinute.reset();
        config.pools.first().tokensPerMinute.reset();
        AlertRule users;
        users.id = u"user-quota"_s;
        users.metric = AlertMetric::UserDailyQuota;
        users.threshold = 0.8;
        users.clearBelow = 0.7;
        config.alertRules = {users};
        f.writeConfig(config);
        QVERIFY(f.open());
        for (int i = 0; i < 8; ++i)
            QVERIFY(f.engine().release(f.acquire(u"alice"_s).id));
        QVERIFY(f.engine().release(f.acquire(u"bob"_s).id));
        f.control().sampleAlerts();
        const QList<AlertRecord> active = f.control().activeAlerts();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.first().target, u"alice"_s);
        QVERIFY(f.engine().setUserTier(u"alice"_s, u"pro"_s)); // 8 of 100: clears by level
        f.control().sampleAlerts();
        QVERIFY(f.control().activeAlerts().isEmpty());
        QVERIFY(f.engine().setUserTier(u"alice"_s, u"free"_s));
        f.control().sampleAlerts();
        QCOMPARE(f.control().activeAlerts().size(), 1);
        f.clock.advance(24 * 3600'000); // a new quota day clears it
        f.runtime->advance();
        f.control().sampleAlerts();
        QVERIFY(f.control().activeAlerts().isEmpty());
    }

    void userTierChangesAreStoredAndAudited()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.control().setUserTier(u"alice"_s, u"pro"_s, u"support-lead"_s));
        QCOMPARE(f.engine().userQuota(u"alice"_s).tier, u"pro"_s);
        QVERIFY(f.runtime->flush());
        const QList<AuditEntry> audit = f.runtime->store().audit(AuditQuery{{}, u"user.tier"_s});
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit[0].detail, u"tier: free -> pro"_s);
        QCOMPARE(f.control().setUserTier(u"alice"_s, u"gold"_s, u"x"_s).error, Reason::InvalidRequest);
        f.restart();
        QCOMPARE(f.engine().userQuota(u"alice"_s).tier, u"pro"_s);
        QVERIFY(f.engine().userQuota(u"alice"_s).tierPinned);
    }
};

QTEST_GUILESS_MAIN(TestControlPlane)
#include "tst_controlplane.moc"
