// Three gateways sharing one deployment through a real redis-server (sluiced --redis):
// each serves HTTP on its own port, and together they enforce one pool's limits.

#include "GatewayFixture.h"
#include "RedisServer.h"

#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

#include <QTest>

#include <array>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kRedisStart = 1'800'000'000'000;

/// Runs the event loop until `done` holds or 10 s pass (no fixed wait: it returns as soon
/// as it holds).
template<typename Predicate> bool waitFor(Predicate done)
{
    QDeadlineTimer deadline(GatewayFixture::kWaitMs);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

QByteArray acquireBody(const QString &user, bool wait = true)
{
    return QJsonDocument(QJsonObject{{u"pool"_s, u"llm"_s},
                                     {u"user"_s, user},
                                     {u"wait"_s, wait}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestSharedReplicas : public QObject
{
    Q_OBJECT

    RedisServer m_redis;
    std::array<std::unique_ptr<GatewayFixture>, 3> m_replicas;
    std::array<QByteArray, 3> m_keys;

    GatewayFixture &replica(int i) { return *m_replicas[size_t(i)]; }
    SharedAdmission &admission(int i) { return *replica(i).gateway->sharedAdmission(); }

    bool startReplica(int i)
    {
        auto fixture = std::make_unique<GatewayFixture>();
        GatewayOptions options = fixture->options();
        SharedOptions shared;
        shared.url = *RedisUrl::parse(m_redis.url(), nullptr);
        shared.deployment = u"test"_s;
        shared.replica = u"replica-%1"_s.arg(i);
        shared.commandTimeoutMs = 5000; // sanitizer builds are slow; timeouts are not tested here
        options.shared = shared;
        if (!fixture->start(options))
            return false;
        m_replicas[size_t(i)] = std::move(fixture);
        m_keys[size_t(i)] = replica(i).createKey(Role::Client, u"app"_s);
        return waitFor([&] { return replica(i).gateway->sharedLink()->isReady(); });
    }

    qint64 sharedInUse() const
    {
        return m_redis.call({"HGET", "{sl:test}:p:llm:st", "inuse"}).text.toLongLong();
    }

    /// The request's state ("active" or "waiting") as replica `i` answers it.
    QString state(int i, const QString &id)
    {
        return replica(i)
            .call("GET", u"/v1/requests/%1"_s.arg(id), {}, m_keys[size_t(i)])
            .text("state"_L1);
    }

    GatewayFixture::Answer acquire(int i, const QString &user, bool wait = true)
    {
        return replica(i).call("POST", u"/v1/acquire"_s, acquireBody(user, wait), m_keys[size_t(i)]);
    }

private slots:
    void init()
    {
        QString error;
        if (!m_redis.start(&error))
            QFAIL(qPrintable(error));
        m_redis.setTestClock(kRedisStart);
        for (int i = 0; i < 3; ++i)
            QVERIFY2(startReplica(i), "replica did not become ready");
    }

    void cleanup()
    {
        for (auto &fixture : m_replicas)
            fixture.reset();
        m_redis.stop();
        m_redis.call({"FLUSHALL"});
    }

    void combinedInFlightNeverAboveTheLimit()
    {
        // llm: max_concurrent 2, per user 1. Six users, two per replica.
        QList<std::pair<int, QString>> granted;
        QList<std::pair<int, QString>> queued;
        for (int n = 0; n < 6; ++n) {
            const int i = n % 3;
            const GatewayFixture::Answer answer = acquire(i, u"user-%1"_s.arg(n));
            QVERIFY2(answer.status == 200 || answer.status == 202, answer.body);
            (answer.status == 200 ? granted : queued).append({i, answer.text("requestId"_L1)});
            QVERIFY(sharedInUse() <= 2);
        }
        QCOMPARE(granted.size(), 2); // each replica alone would have granted 2: 6 in all
        QCOMPARE(queued.size(), 4);
        // The global queue's positions, whichever replica took the ticket.
        QCOMPARE(sharedInUse(), 2);

        // A release on replica 0 grants the global head, held by replica 2 (user-2).
        const auto [holder, lease] = granted.first();
        QCOMPARE(holder, 0);
        QCOMPARE(replica(0).call("POST", u"/v1/requests/%1/release"_s.arg(lease), "{}", m_keys[0]).status,
                 200);
        const auto [headReplica, head] = queued.first();
        QCOMPARE(headReplica, 2);
        QVERIFY(waitFor([&] { return state(2, head) == u"active"_s; }));
        QCOMPARE(sharedInUse(), 2);
        // Nobody else was granted: the other tickets still wait, on every replica.
        for (qsizetype t = 1; t < queued.size(); ++t) {
            const auto [i, id] = queued[t];
            QCOMPARE(state(i, id), u"waiting"_s);
        }
    }

    void dailyQuotaIsCountedOnceAcrossReplicas()
    {
        // free: 10 requests a day. Ten short requests spread over the replicas use it up.
        for (int n = 0; n < 10; ++n) {
            const int i = n % 3;
            const GatewayFixture::Answer answer = acquire(i, u"alice"_s);
            QCOMPARE(answer.status, 200);
            QCOMPARE(replica(i)
                         .call("POST", u"/v1/requests/%1/release"_s.arg(answer.text("requestId"_L1)),
                               "{}", m_keys[size_t(i)])
                         .status,
                     200);
        }
        for (int i = 0; i < 3; ++i) {
            const GatewayFixture::Answer refused = acquire(i, u"alice"_s);
            QCOMPARE(refused.status, 429);
            QCOMPARE(refused.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        }
    }

    void failsClosedWhileRedisIsDownAndRecovers()
    {
        QVERIFY(acquire(0, u"alice"_s).status == 200);
        m_redis.stop();
        QVERIFY(waitFor([&] { return !replica(1).gateway->sharedLink()->isReady(); }));
        const GatewayFixture::Answer refused = acquire(1, u"bob"_s);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        QVERIFY(!refused.header("retry-after").isEmpty());
        const QByteArray support = replica(1).createKey(Role::Support, u"ops"_s);
        const QByteArray metrics = replica(1).call("GET", u"/metrics"_s, {}, support).body;
        QVERIFY2(metrics.contains("sluice_shared_ready{replica=\"replica-1\"} 0\n"), metrics);
        QVERIFY(metrics.contains("sluice_shared_unavailable_total{replica=\"replica-1\"} 1\n"));

        // Back (empty: no persistence in the test): the replicas load the library and their
        // limits again and admit.
        QString error;
        QVERIFY2(m_redis.start(&error), qPrintable(error));
        m_redis.setTestClock(kRedisStart);
        QVERIFY(waitFor([&] { return replica(1).gateway->sharedLink()->isReady(); }));
        QCOMPARE(acquire(1, u"bob"_s).status, 200);
    }

    void deadReplicasLeaseComesBackByExpiry()
    {
        const GatewayFixture::Answer first = acquire(0, u"alice"_s);
        const GatewayFixture::Answer second = acquire(0, u"bob"_s);
        QCOMPARE(first.status, 200);
        QCOMPARE(second.status, 200);
        // carol comes 25 s later (her ticket may wait 10 s, so until 35 s).
        m_redis.setTestClock(kRedisStart + 25'000);
        const GatewayFixture::Answer waiting = acquire(1, u"carol"_s);
        QCOMPARE(waiting.status, 202);
        m_replicas[0].reset(); // gone without releasing, as after kill -9

        // The lease idle timeout (30 s) passes with no heartbeat from replica 0; replica 1's
        // upkeep expires its leases in Redis and carol gets a slot before her ticket times out.
        m_redis.setTestClock(kRedisStart + 31'000);
        admission(1).upkeep();
        const QString ticket = waiting.text("requestId"_L1);
        QVERIFY(waitFor([&] { return state(1, ticket) == u"active"_s; }));
        QCOMPARE(sharedInUse(), 1);
    }

    void localTimeoutCancelsTheSharedTicket()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(1, u"bob"_s).status, 200);
        const GatewayFixture::Answer waiting = acquire(2, u"carol"_s);
        QCOMPARE(waiting.status, 202);
        QCOMPARE(admission(2).tracked(), 1);
        replica(2).advance(10'001); // the queue timeout on replica 2's clock
        QCOMPARE(admission(2).tracked(), 0);
        QVERIFY(waitFor([&] {
            return m_redis.call({"ZCARD", "{sl:test}:p:llm:q"}).integer == 0;
        }));
    }
};

QTEST_GUILESS_MAIN(TestSharedReplicas)
#include "tst_sharedreplicas.moc"
