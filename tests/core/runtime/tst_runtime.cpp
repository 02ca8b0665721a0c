#include "ResultChecks.h"
#include "RuntimeFixture.h"

#include "store/Store.h"

#include <QSignalSpy>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestRuntime : public QObject
{
    Q_OBJECT

private slots:
    void restartKeepsQuotasQueueAndChanges()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.acquire(u"alice"_s).granted());
        const RequestId bobLease = f.acquire(u"bob"_s, u"pro"_s).id;
        QList<RequestId> waiting;
        for (const auto &[user, tier] : {std::pair{u"c"_s, u"free"_s}, {u"d"_s, u"pro"_s},
                                         {u"e"_s, u"free"_s}})
            waiting.append(f.acquire(user, tier).id);
        EngineConfig changed = f.configVersions().config();
        changed.pools[0].queueTimeoutMs = 60'000;
        QVERIFY(f.configVersions().apply(changed, u"admin"_s).ok());
        QVERIFY(f.runtime->flush());
        QList<qint64> positions;
        for (const RequestId id : waiting)
            positions.append(*f.engine().position(id));

        f.clock.advance(1000);
        f.restart();
        QCOMPARE(f.configVersions().version(), 2);  // the API's change survived, file unchanged
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->inUse, 2);
        for (qsizetype i = 0; i < waiting.size(); ++i)
            QCOMPARE(f.engine().position(waiting[i]), std::optional(positions[i]));
        QCOMPARE(f.engine().userQuota(u"alice"_s).requestsToday, 1);
        QCOMPARE(f.engine().tierUsageToday().value(u"pro"_s).requests, 1);
        QVERIFY(f.engine().release(bobLease));
        QVERIFY(f.engine().request(waiting[1])->active);  // d (pro) was first in line
    }

    void changedFileMakesANewVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        f.runtime.reset();
        EngineConfig config = EngineFixture::defaultTestConfig();
        config.pools[0].maxConcurrent = 4;
        f.writeConfig(config);
        QVERIFY(f.open());
        QCOMPARE(f.configVersions().version(), 2);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 4);
        const QList<AuditEntry> audit =
            f.runtime->store().audit(AuditQuery{u"config-file"_s}).value();
        QCOMPARE(audit.first().action, u"config.load"_s);
        QVERIFY(audit.first().detail.contains(u"pools.llm.max_concurrent: 2 -> 4"_s));
    }

    void environmentOverridesTheFile()
    {
        RuntimeFixture f;
        RuntimeOptions options = f.options();
        options.environment.insert(u"SLUICE_LLM_CONCURRENT_REQUESTS"_s, u"9"_s);
        Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options);
        QVERIFY_OK(opened);
        const std::unique_ptr<EngineRuntime> runtime = std::move(opened).value();
        QCOMPARE(runtime->engine().poolStatus(u"llm"_s)->maxConcurrent, 9);
        const QList<AuditEntry> audit = runtime->store().audit(AuditQuery{}).value();
        QVERIFY(audit.first().detail.contains(u"SLUICE_LLM_CONCURRENT_REQUESTS"_s));
    }

    void badStartsAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("expected");
        QTest::newRow("out of range") << QByteArray("[pools.llm]\nmax_concurrent = 0\n[tiers.free]\n")
                                      << QString() << u"max_concurrent must be between 1 and 10000"_s;
        QTest::newRow("not TOML") << QByteArray("[pools\n") << QString() << u"sluice.toml:1"_s;
        QTest::newRow("bad environment") << QByteArray() << u"SLUICE_LLM_RATE_LIMIT_PER_MINUTE=abc"_s
                                         << u"SLUICE_LLM_RATE_LIMIT_PER_MINUTE"_s;
    }

    void badStartsAreRefusedWithAReason()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, env);
        QFETCH(QString, expected);
        RuntimeFixture f;
        if (!toml.isEmpty()) {
            QFile file(f.configPath);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(toml);
        }
        RuntimeOptions options = f.options();
        if (!env.isEmpty())
            options.environment.insert(env.section(u'=', 0, 0), env.section(u'=', 1));
        const Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options);
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(expected), qPrintable(opened.error().message));
    }

    void unusableDataDirectoryIsRefused()
    {
        RuntimeFixture f;
        QFile blocker(f.dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        RuntimeOptions options = f.options();
        options.dataDir = blocker.fileName();
        const Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, errors::kFileFailed);
        QVERIFY2(opened.error().message.contains(blocker.fileName()),
                 qPrintable(opened.error().message));
    }

    void durableCallbackComesAfterTheCommit()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        const Decision d = f.acquire(u"alice"_s);
        bool durable = false;
        f.runtime->whenDurable([&] { durable = true; });
        QVERIFY(!durable);  // written in the next event-loop turn
        QTRY_VERIFY_WITH_TIMEOUT(durable, 10'000);
        Store reader;
        QVERIFY_OK(reader.open(f.runtime->databasePath()));
        const QList<RequestRow> rows = reader.loadRequests().value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].id, d.id);
        QCOMPARE(reader.usageTotalsByUser(f.engine().today()).value().value(u"alice"_s).requests,
                 1);
        bool again = false;
        f.runtime->whenDurable([&] { again = true; });
        QVERIFY(again);  // nothing new was decided: durable already
    }

    void pausedAndDrainingPoolsStaySoAfterARestart()
    {
        RuntimeFixture f;
        EngineConfig config = EngineFixture::defaultTestConfig();
        PoolConfig second = config.pools[0];
        second.name = u"tts"_s;
        config.pools.append(second);
        f.writeConfig(config);
        QVERIFY(f.open());
        QVERIFY(f.poolOperations().pause(u"llm"_s, u"olivia"_s));
        QVERIFY(f.poolOperations().drain(u"tts"_s, u"olivia"_s));
        f.restart();
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->mode, PoolMode::Paused);
        QCOMPARE(f.engine().poolStatus(u"tts"_s)->mode, PoolMode::Drained);
        QVERIFY(f.poolOperations().resume(u"llm"_s, u"olivia"_s));
        f.restart();
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->mode, PoolMode::Running);
    }

    void transientRequestsAreNotRestored()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        AcquireRequest request;
        request.pool = u"llm"_s;
        request.user = u"proxy-user"_s;
        request.transient = true;
        const RequestId lease = f.engine().acquire(request).id;
        const RequestId durable = f.acquire(u"api-user"_s).id;
        QVERIFY(f.runtime->flush());
        f.restart();
        QVERIFY(!f.engine().request(lease));  // its owner died with the process
        QVERIFY(f.engine().request(durable));
        QCOMPARE(f.engine().userQuota(u"proxy-user"_s).requestsToday, 1);  // usage still counts
    }

    void restartKeepsTheRequestsPerMinuteWindow()
    {
        RuntimeFixture f;  // llm: 10 requests per minute
        QVERIFY(f.open());
        for (int i = 0; i < 10; ++i) {
            const Decision d = f.acquire(u"u%1"_s.arg(i), u"pro"_s);
            QVERIFY(d.granted());
            QVERIFY(f.engine().release(d.id));
            f.clock.advance(100);
        }
        QVERIFY(f.runtime->flush());
        f.clock.advance(5'000);
        f.restart();
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->inUse, 0);
        const Decision blocked = f.acquire(u"late"_s, u"pro"_s);
        QVERIFY(!blocked.granted());  // the ten grants of the last minute still count
        QCOMPARE(blocked.reason, Reason::RequestsPerMinute);
        QVERIFY(f.engine().cancel(blocked.id));  // the caller gives up waiting

        f.clock.advance(50'000);  // 56 s after them: still in the window
        f.engine().advance();
        const Decision stillBlocked = f.acquire(u"mid"_s, u"pro"_s);
        QCOMPARE(stillBlocked.reason, Reason::RequestsPerMinute);
        QVERIFY(f.engine().cancel(stillBlocked.id));

        f.clock.advance(7'000);  // the restored grants (to the end of their second) leave
        f.engine().advance();
        QVERIFY(f.acquire(u"later"_s, u"pro"_s).granted());
    }

    void restartKeepsCorrectedTokensInTheWindow()
    {
        RuntimeFixture f;  // llm: 1000 tokens per minute
        QVERIFY(f.open());
        AcquireRequest request;
        request.pool = u"llm"_s;
        request.user = u"alice"_s;
        request.tier = u"pro"_s;
        request.tokens = 100;
        const Decision first = f.engine().acquire(request);
        QVERIFY(first.granted());
        Usage usage;
        usage.inputTokens = 500;
        usage.outputTokens = 300;  // 800 in all, not the 100 estimated
        QVERIFY(f.engine().release(first.id, usage));
        QVERIFY(f.runtime->flush());
        f.clock.advance(2'000);
        f.restart();

        QCOMPARE(f.engine().poolStatus(u"llm"_s)->windowRequests, 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->windowTokens, 800);
        request.tokens = 300;
        const Decision blocked = f.engine().acquire(request);
        QVERIFY(!blocked.granted());  // 800 + 300 > 1000
        QCOMPARE(blocked.reason, Reason::TokensPerMinute);
    }

    void windowRowsOlderThanAMinuteAreDropped()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.engine().release(f.acquire(u"alice"_s).id));
        QVERIFY(f.runtime->flush());
        f.clock.advance(120'000);
        QVERIFY(f.engine().release(f.acquire(u"bob"_s).id));
        QVERIFY(f.runtime->flush());
        f.runtime.reset();
        Store store;
        QVERIFY_OK(store.open(f.dir.filePath(u"data/sluice.db"_s)));
        const QList<WindowSecond> rows = store.loadWindow(0).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].second, f.clock.now() / 1000);
        QCOMPARE(rows[0].requests, 1);
    }

    void restartExpiresLeasesThatWentQuiet()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        const RequestId lease = f.acquire(u"alice"_s).id;
        QVERIFY(f.runtime->flush());
        f.runtime.reset();
        f.clock.advance(31'000);  // longer than the lease idle timeout
        QVERIFY(f.open());
        QVERIFY(!f.engine().request(lease));
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->inUse, 0);
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
