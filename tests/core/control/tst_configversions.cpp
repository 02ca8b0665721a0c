#include "EngineFixture.h"
#include "RuntimeFixture.h"

#include "store/Store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestConfigVersions : public QObject
{
    Q_OBJECT

private slots:
    void applyingAConfigMakesAnAuditedVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QCOMPARE(f.configVersions().version(), 1);
        EngineConfig changed = f.configVersions().config();
        changed.pools[0].requestsPerMinute = 100;
        QSignalSpy versions(&f.configVersions(), &ConfigVersions::configChanged);
        const Result<ConfigApplied> result =
            f.configVersions().apply(changed, u"ops-admin"_s, u"more"_s);
        QVERIFY(result.ok());
        QCOMPARE(result->version, 2);
        QCOMPARE(result->changes.size(), 1);
        QCOMPARE(result->changes[0].path, u"pools.llm.requests_per_minute"_s);
        QCOMPARE(versions.count(), 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->requestsPerMinute, 100);
        QVERIFY(f.runtime->flush()); // the audit entry goes to the store through the writer
        const QList<AuditEntry> audit =
            f.runtime->store().audit(AuditQuery{u"ops-admin"_s}).value();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit[0].action, u"config.update"_s);
        QCOMPARE(audit[0].detail, u"pools.llm.requests_per_minute: 10 -> 100"_s);
        QCOMPARE(f.configVersions().list().size(), 2);
    }

    void anInvalidConfigChangesNothing()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig bad = f.configVersions().config();
        bad.pools[0].requestsPerMinute = 0;
        bad.pools[0].maxConcurrent = 20000;
        const Result<ConfigApplied> result = f.configVersions().apply(bad, u"admin"_s);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().fields.size(), 2);
        QCOMPARE(result.error().fields[0].field, u"pools.llm.max_concurrent"_s);
        QVERIFY(result.error().message.contains(u"between 1 and 100000 (got 0)"_s));
        QCOMPARE(result.error().code, errors::kValidationFailed);
        QCOMPARE(f.configVersions().version(), 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->requestsPerMinute, 10);
        QCOMPARE(f.configVersions().list().size(), 1);
    }

    void aConfigVersionIsCommittedByTheWriter()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig changed = f.configVersions().config();
        changed.pools[0].maxConcurrent = 7;
        QVERIFY(f.configVersions().apply(changed, u"admin"_s).ok());
        QCOMPARE(f.runtime->store().configVersion(2).value(), std::nullopt); // not committed yet
        QCOMPARE(f.configVersions().row(2)->actor, u"admin"_s);
        QCOMPARE(f.configVersions().configAt(2)->pools[0].maxConcurrent, 7);
        QVERIFY(f.runtime->flush());
        QCOMPARE(f.runtime->store().configVersion(2).value()->actor, u"admin"_s);
        QCOMPARE(f.runtime->store().audit(AuditQuery{u"admin"_s}).value().size(), 1);
    }

    void aVersionAndTheGrantsMadeUnderItAreDurableTogether()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig one = f.configVersions().config();
        one.pools[0].maxConcurrent = 1;
        QVERIFY(f.configVersions().apply(one, u"admin"_s).ok());
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
        QVERIFY(f.configVersions().apply(two, u"admin"_s).ok());
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->inUse, 2); // bob granted in memory
        QVERIFY(!f.runtime->flush(300));                     // the writer keeps failing
        const auto stateOfBob = [&] {
            for (const RequestRow &row : f.runtime->store().loadRequests().value())
                if (row.id == bob.id)
                    return row.state;
            return RequestRow::State::Waiting;
        };
        QCOMPARE(f.runtime->store().configVersion(3).value(), std::nullopt);
        QCOMPARE(stateOfBob(), RequestRow::State::Waiting);
        saboteur(u"DROP TRIGGER refuse"_s);
        QVERIFY(f.runtime->flush(5000)); // retried by the writer
        QCOMPARE(f.runtime->store().configVersion(3).value()->version, 3);
        QCOMPARE(stateOfBob(), RequestRow::State::Active);
    }

    /// The version and its audit entry travel in one batch, handed over before anything else
    /// the change causes (alerts of a removed rule clear in a later batch of the same turn).
    void aVersionAndItsAuditEntryAreOneBatch()
    {
        EngineFixture e; // one rule: pool concurrency
        Engine &engine = e.start();
        QList<StoreBatch> batches;
        const auto sink = [&batches](StoreBatch batch) {
            batches.append(std::move(batch));
        };
        AuditTrail audit(e.clock, sink);
        AlertDesk alerts(engine, audit, AlertMonitor(e.config.alertRules), sink);
        ConfigVersions versions(engine, alerts, ConfigHistory(), sink);
        QVERIFY(e.acquire(u"a"_s).granted());
        QVERIFY(e.acquire(u"b"_s).granted());
        alerts.sample(); // 2 of 2 slots: fires
        QCOMPARE(alerts.active().size(), 1);
        batches.clear();
        EngineConfig changed = e.config;
        changed.alertRules.clear();
        changed.pools[0].maxConcurrent = 3;
        const Result<ConfigApplied> result = versions.apply(changed, u"admin"_s);
        QVERIFY(result.ok());
        QCOMPARE(result->version, 1);
        QCOMPARE(batches.size(), 2);
        QCOMPARE(batches[0].configVersions().keys(), QList<qint32>{1});
        QCOMPARE(batches[0].audit().size(), 1);
        QCOMPARE(batches[0].audit().first().action, u"config.update"_s);
        QCOMPARE(batches[0].audit().first().target, u"version 1"_s);
        QCOMPARE(batches[0].size(), 2);
        QCOMPARE(batches[1].alerts().size(), 1); // the alert of the removed rule cleared
        QVERIFY(batches[1].alerts().cbegin()->clearedAt > 0);
        QVERIFY(alerts.active().isEmpty());
    }

    void sameConfigMakesNoVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        const Result<ConfigApplied> result =
            f.configVersions().apply(f.configVersions().config(), u"a"_s);
        QVERIFY(result.ok());
        QVERIFY(result->changes.isEmpty());
        QCOMPARE(result->version, 1);
        QVERIFY(f.runtime->store().audit(AuditQuery{u"a"_s}).value().isEmpty());
    }

    void rollbackAppliesAnOldVersionAgain()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig changed = f.configVersions().config();
        changed.pools[0].maxConcurrent = 7;
        QVERIFY(f.configVersions().apply(changed, u"a"_s).ok());
        const Result<ConfigApplied> back = f.configVersions().rollback(1, u"b"_s);
        QVERIFY(back.ok());
        QCOMPARE(back->version, 3);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 2);
        QCOMPARE(f.configVersions().list().first().note, u"rollback to version 1"_s);
        // Audited as what it was: a rollback, naming the version it went back to.
        f.runtime->flush();
        const QList<AuditEntry> audit = f.runtime->store().audit(AuditQuery{u"b"_s}).value();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.first().action, u"config.rollback"_s);
        QCOMPARE(audit.first().target, u"version 3"_s);
        QVERIFY2(audit.first().detail.startsWith(u"to version 1:"_s),
                 qPrintable(audit.first().detail));
        QCOMPARE(f.configVersions().rollback(42, u"b"_s).error().message,
                 u"There is no configuration version 42"_s);
    }
};

QTEST_GUILESS_MAIN(TestConfigVersions)
#include "tst_configversions.moc"
