#include "RedisReplica.h"
#include "RedisServer.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;

/// The function library on a real redis-server: it loads as Redis Functions and as an
/// EVALSHA script; when Redis loses it (FUNCTION FLUSH, SCRIPT FLUSH) mid-run the next call
/// reloads it, is retried once and the pool's state goes on; a restarted server gets the
/// library again; no other error is retried; a stale config version is refused; time never
/// runs backwards.
class TestRedisFunctions : public QObject
{
    Q_OBJECT

    RedisServer m_server;

    static RedisPoolLimits limits(qint64 version = 1)
    {
        RedisPoolLimits l;
        l.version = version;
        l.maxConcurrent = 2;
        l.requestsPerMinute = 100;
        l.tokensPerMinute = 100'000;
        l.maxQueueLength = 10;
        return l;
    }

    static RedisAdmitRequest request(const QByteArray &id)
    {
        RedisAdmitRequest r;
        r.requestId = id;
        r.user = QStringLiteral("alice");
        r.tokens = 10;
        r.owner = QStringLiteral("replica-a");
        return r;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void init() { QCOMPARE(m_server.call({"FLUSHALL"}).text, QByteArray("OK")); }

    void librarySurvivesAFlush_data()
    {
        QTest::addColumn<RedisFunctions::Mode>("mode");
        QTest::addColumn<QByteArray>("flush");
        QTest::newRow("functions, FUNCTION FLUSH")
            << RedisFunctions::Mode::Functions << QByteArray("FUNCTION");
        QTest::newRow("eval, SCRIPT FLUSH") << RedisFunctions::Mode::Eval << QByteArray("SCRIPT");
    }
    void librarySurvivesAFlush()
    {
        QFETCH(RedisFunctions::Mode, mode);
        QFETCH(QByteArray, flush);
        RedisReplica replica(m_server.url(), QStringLiteral("llm"), mode);
        QVERIFY(replica.open());
        QCOMPARE(replica.configure(limits()).status(), QStringLiteral("ok"));
        const RedisAnswer first = replica.admit(request("r1"));
        QVERIFY2(first.ok(), qPrintable(first.error));
        QCOMPARE(first.status(), QStringLiteral("granted"));

        QSignalSpy reloaded(&replica.functions, &RedisFunctions::loaded);
        QCOMPARE(m_server.call({flush, "FLUSH"}).text, QByteArray("OK"));
        const RedisAnswer second = replica.admit(request("r2"));
        QVERIFY2(second.ok(), qPrintable(second.error));
        QCOMPARE(second.status(), QStringLiteral("granted"));
        QCOMPARE(reloaded.size(), 1);
        // The state went on: the pool of 2 is full now.
        const RedisAnswer third = replica.admit(request("r3"));
        QCOMPARE(third.status(), QStringLiteral("queued"));
        QCOMPARE(third.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("POOL_CONCURRENCY"));
    }

    void reloadedAfterARestart()
    {
        RedisReplica replica(m_server.url(), QStringLiteral("llm"));
        QVERIFY(replica.open());
        QCOMPARE(replica.configure(limits()).status(), QStringLiteral("ok"));
        QSignalSpy reloaded(&replica.functions, &RedisFunctions::loaded);
        m_server.stop();
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY(reloaded.wait(RedisReplica::kWaitMs));
        // Persistence is off here, so the state went with the server: the functions say so
        // instead of deciding on nothing, and the replica pushes its configuration again.
        const RedisAnswer lost = replica.admit(request("r1"));
        QCOMPARE(lost.json.value(QLatin1String("reason")).toString(), QStringLiteral("NO_CONFIG"));
        QCOMPARE(replica.configure(limits()).status(), QStringLiteral("ok"));
        QCOMPARE(replica.admit(request("r1")).status(), QStringLiteral("granted"));
    }

    void otherErrorsAreNotRetried()
    {
        RedisReplica replica(m_server.url(), QStringLiteral("llm"));
        QVERIFY(replica.open());
        QSignalSpy reloaded(&replica.functions, &RedisFunctions::loaded);
        const RedisAnswer noConfig = replica.admit(request("r1"));
        QCOMPARE(noConfig.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("NO_CONFIG"));
        // A call the library cannot run (no such function) reloads once, then fails.
        const RedisAnswer unknown = RedisReplica::sync([&](auto done) {
            replica.functions.call("sl_nothing", {"{sl:test}:x"}, {}, [done](const RedisReply &r) {
                RedisAnswer a;
                a.failure = r.failure;
                a.error = QString::fromUtf8(r.text);
                done(a);
            });
        });
        QCOMPARE(unknown.failure, RedisReply::Failure::ServerError);
        QVERIFY2(unknown.error.contains(QLatin1String("Function not found")),
                 qPrintable(unknown.error));
        QCOMPARE(reloaded.size(), 1);
    }

    void staleConfigIsRefused()
    {
        RedisReplica a(m_server.url(), QStringLiteral("llm"));
        RedisReplica b(m_server.url(), QStringLiteral("llm"));
        QVERIFY(a.open() && b.open());
        QCOMPARE(b.configure(limits(1)).status(), QStringLiteral("ok"));
        RedisPoolLimits raised = limits(2);
        raised.maxConcurrent = 3;
        QCOMPARE(a.configure(raised).status(), QStringLiteral("ok"));
        const RedisAnswer stale = b.admit(request("r1"));
        QCOMPARE(stale.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("STALE_CONFIG"));
        QCOMPARE(stale.json.value(QLatin1String("cfgver")).toInteger(), 2);
        const RedisAnswer rollback = b.configure(limits(1));
        QCOMPARE(rollback.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("STALE_CONFIG"));
        QCOMPARE(b.configure(limits(2)).status(), QStringLiteral("ok"));
        QCOMPARE(b.admit(request("r1")).status(), QStringLiteral("granted"));
    }

    /// Every replica pushes the limits of a configuration it adopted: the same limits again
    /// are no change, and leave every other replica's version current.
    void theSameLimitsKeepTheVersion()
    {
        RedisReplica a(m_server.url(), QStringLiteral("same"));
        RedisReplica b(m_server.url(), QStringLiteral("same"));
        QVERIFY(a.open() && b.open());
        QCOMPARE(b.configure(limits(1)).status(), QStringLiteral("ok"));
        const RedisAnswer again = a.configure(limits(5));
        QCOMPARE(again.status(), QStringLiteral("ok"));
        QCOMPARE(again.json.value(QLatin1String("cfgver")).toInteger(), 1);
        QCOMPARE(b.admit(request("s1")).status(), QStringLiteral("granted"));
    }

    /// The daily spending limit: the releasing replica prices the usage, Redis counts it for
    /// the user (a refund costs nothing), and an admission past the limit is refused.
    void spendingLimitCountsWhatReleasesCost()
    {
        RedisReplica replica(m_server.url(), QStringLiteral("llm"));
        QVERIFY(replica.open());
        QCOMPARE(replica.configure(limits()).status(), QStringLiteral("ok"));
        RedisAdmitRequest admit = request("c1");
        admit.dailyCostNanoUsd = 1000;
        const RedisAnswer refunded = replica.admit(admit);
        QCOMPARE(refunded.status(), QStringLiteral("granted"));
        QVERIFY(replica.release(refunded.id(), -1, true, 5000).json.value(QLatin1String("released")).toBool());
        admit.requestId = "c2";
        const RedisAnswer spent = replica.admit(admit);
        QCOMPARE(spent.status(), QStringLiteral("granted"));
        QVERIFY(replica.release(spent.id(), -1, false, 1500).json.value(QLatin1String("released")).toBool());
        QVERIFY2(m_server.call({"HGET", "{sl:test}:spend", "alice"}).text.endsWith("|1500"),
                 m_server.call({"HGET", "{sl:test}:spend", "alice"}).text);

        admit.requestId = "c3";
        const RedisAnswer refused = replica.admit(admit);
        QCOMPARE(refused.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("USER_LIMIT_EXCEEDED"));
        QCOMPARE(refused.json.value(QLatin1String("kind")).toString(), QStringLiteral("cost"));
        QCOMPARE(refused.json.value(QLatin1String("limit")).toInteger(), 1000);
        admit.requestId = "c4";
        admit.dailyCostNanoUsd = -1; // a tier without a spending limit
        QCOMPARE(replica.admit(admit).status(), QStringLiteral("granted"));
    }

    void timeNeverRunsBackwards()
    {
        RedisReplica replica(m_server.url(), QStringLiteral("llm"));
        QVERIFY(replica.open());
        QCOMPARE(replica.configure(limits()).status(), QStringLiteral("ok"));
        const QByteArray clock = RedisKeys(QStringLiteral("test")).testClock();
        const qint64 t = 1'800'000'000'000;
        m_server.call({"HSET", clock, "now_ms", QByteArray::number(t)});
        QCOMPARE(replica.tick().json.value(QLatin1String("now")).toInteger(), t);
        // A failover to a node whose clock is 30 s behind: windows do not run backwards.
        m_server.call({"HSET", clock, "now_ms", QByteArray::number(t - 30'000)});
        QCOMPARE(replica.tick().json.value(QLatin1String("now")).toInteger(), t);
        m_server.call({"HDEL", clock, "now_ms"}); // back to Redis TIME, which is before t
        QCOMPARE(replica.tick().json.value(QLatin1String("now")).toInteger(), t);
    }
};

QTEST_GUILESS_MAIN(TestRedisFunctions)
#include "tst_redisfunctions.moc"
