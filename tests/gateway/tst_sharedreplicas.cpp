// Three gateways sharing one deployment through a real redis-server (sluiced --redis):
// each serves HTTP on its own port, and together they enforce one pool's limits.

#include "SharedReplicas.h"
#include "engine/Engine.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedReplicas : public SharedReplicasCase
{
    Q_OBJECT

    /// When the first lease of pool llm expires in Redis (0: none).
    qint64 oldestLeaseDeadline()
    {
        const RedisReply reply =
            redis().call({"ZRANGE", "{sl:test}:p:llm:leases", "0", "0", "WITHSCORES"});
        return reply.elements.size() == 2 ? reply.elements.at(1).text.toLongLong() : 0;
    }
    /// The last time a function of pool llm ran, in Redis's (test) clock.
    qint64 lastTick()
    {
        return redis().call({"HGET", "{sl:test}:p:llm:st", "last_now"}).text.toLongLong();
    }

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

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
        for (qsizetype t = 0; t < queued.size(); ++t) {
            const auto [i, id] = queued[t];
            QCOMPARE(replica(i)
                         .call("GET", u"/v1/requests/%1"_s.arg(id), {}, keys(i))
                         .number("position"_L1),
                     t + 1);
        }
        QCOMPARE(sharedInUse(), 2);

        // A release on replica 0 grants the global head, held by replica 2 (user-2).
        const auto [holder, lease] = granted.first();
        QCOMPARE(holder, 0);
        QCOMPARE(replica(0).call("POST", u"/v1/requests/%1/release"_s.arg(lease), "{}", keys(0)).status,
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

    void everyReplicaShowsTheDeploymentsCounts()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(1, u"bob"_s).status, 200);
        QCOMPARE(acquire(2, u"carol"_s).status, 202);
        // Replica 2 holds no lease itself; once its upkeep has read Redis, its pool (and so
        // its dashboard, charts, alerts and /metrics) shows the deployment's.
        admission(2).upkeep();
        QVERIFY(waitFor([&] { return replica(2).engine().poolStatus(u"llm"_s)->inUse == 2; }));
        const PoolStatus status = *replica(2).engine().poolStatus(u"llm"_s);
        QCOMPARE(status.activeLeases, 0);
        QCOMPARE(status.waiting, 1);
        QCOMPARE(status.windowRequests, 2);
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
                               "{}", keys(i))
                         .status,
                     200);
        }
        for (int i = 0; i < 3; ++i) {
            const GatewayFixture::Answer refused = acquire(i, u"alice"_s);
            QCOMPARE(refused.status, 429);
            QCOMPARE(refused.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        }
    }

    void dailySpendingLimitIsCountedAcrossReplicas()
    {
        // free: $1.50 a day; each release below costs $1 (a million tokens of model m1).
        const QByteArray toml = "default_tier = \"free\"\n"
                                "[pools.llm]\nmax_concurrent = 2\nmax_queue_length = 5\n"
                                "[tiers.free]\ndaily_requests = 100\ndaily_cost_usd = 1.5\n"
                                "[pricing.\"m1\"]\ninput_per_million = 1.0\n"
                                "output_per_million = 1.0\n";
        redis().call({"DEL", "{sl:test}:config"}); // a new deployment: these files seed it
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_shared->startReplica(i, toml));
        const QByteArray usage = "{\"model\": \"m1\", \"input_tokens\": 1000000, "
                                 "\"output_tokens\": 0}";
        for (int i = 0; i < 2; ++i) {
            const GatewayFixture::Answer granted = acquire(i, u"alice"_s);
            QCOMPARE(granted.status, 200);
            QCOMPARE(replica(i)
                         .call("POST",
                               u"/v1/requests/%1/release"_s.arg(granted.text("requestId"_L1)),
                               usage, keys(i))
                         .status,
                     200);
        }
        // Both releases reached Redis: $2 of alice's $1.50 are spent.
        QVERIFY(waitFor([&] {
            return redis().call({"HGET", "{sl:test}:spend", "alice"}).text.endsWith("|2000000000");
        }));
        // Replica 2 saw none of that spending, and refuses her.
        const GatewayFixture::Answer refused = acquire(2, u"alice"_s);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        QVERIFY2(refused.text("message"_L1).contains(u"spending limit of $1.50"_s),
                 qPrintable(refused.text("message"_L1)));
        QCOMPARE(acquire(2, u"bob"_s).status, 200);
    }

    void failsClosedWhileRedisIsDownAndRecovers()
    {
        QVERIFY(acquire(0, u"alice"_s).status == 200);
        redis().stop();
        QVERIFY(waitFor([&] { return !replica(1).gateway->sharedLink()->isReady(); }));
        // A request that may not wait is refused (one that may waits: tst_sharedheld).
        const GatewayFixture::Answer refused = m_shared->acquire(1, u"bob"_s, false);
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
        QVERIFY2(redis().start(&error), qPrintable(error));
        redis().setTestClock(SharedReplicas::kRedisStart);
        QVERIFY(waitFor([&] { return replica(1).gateway->sharedLink()->isReady(); }));
        QCOMPARE(acquire(1, u"bob"_s).status, 200);
    }

    void deadReplicasLeaseComesBackByExpiry()
    {
        const qint64 start = SharedReplicas::kRedisStart;
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 200);
        // While replica 0 lives, its upkeep heartbeats its leases: at 20 s they are good until
        // 50 s, so at 31 s (past the 30 s idle timeout from the grant) they still hold.
        redis().setTestClock(start + 20'000);
        admission(0).upkeep();
        QVERIFY(waitFor([&] { return oldestLeaseDeadline() == start + 50'000; }));
        redis().setTestClock(start + 31'000);
        admission(1).upkeep();
        QVERIFY(waitFor([&] { return lastTick() == start + 31'000; }));
        QCOMPARE(sharedInUse(), 2);

        m_shared->replicas[0].reset(); // gone without releasing, as after kill -9
        // carol comes at 45 s (her ticket may wait 10 s, so until 55 s).
        redis().setTestClock(start + 45'000);
        const GatewayFixture::Answer waiting = acquire(1, u"carol"_s);
        QCOMPARE(waiting.status, 202);
        // No heartbeat since 20 s: at 51 s replica 1's upkeep expires replica 0's leases in
        // Redis, and carol gets a slot before her ticket times out.
        redis().setTestClock(start + 51'000);
        admission(1).upkeep();
        QVERIFY(waitFor([&] { return state(1, waiting.text("requestId"_L1)) == u"active"_s; }));
        QCOMPARE(sharedInUse(), 1);
    }

    void contextsAreCountedPerUser()
    {
        // alice and bob both name context "s1": two contexts, two slots, as in the engine.
        const auto withContext = [&](int i, const QString &user) {
            const QByteArray body = QJsonDocument(QJsonObject{{u"pool"_s, u"llm"_s},
                                                              {u"user"_s, user},
                                                              {u"context_id"_s, u"s1"_s}})
                                        .toJson(QJsonDocument::Compact);
            return replica(i).call("POST", u"/v1/acquire"_s, body, keys(i)).status;
        };
        QCOMPARE(withContext(0, u"alice"_s), 200);
        QCOMPARE(withContext(1, u"bob"_s), 200);
        QCOMPARE(sharedInUse(), 2);
        QCOMPARE(withContext(2, u"carol"_s), 202);
    }

    void redisLosingItsDataMidRunIsRepaired()
    {
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        QCOMPARE(alice.status, 200);
        redis().call({"FLUSHALL"}); // the connection stays; the library, limits and lease go
        redis().call({"FUNCTION", "FLUSH"});
        redis().setTestClock(SharedReplicas::kRedisStart);
        // The first call finds the library gone, reloads it (which pushes the limits again)
        // and is granted; or finds the pool unconfigured and is refused while it is pushed.
        GatewayFixture::Answer bob = acquire(1, u"bob"_s);
        QVERIFY2(bob.status == 200 || bob.status == 503, bob.body);
        QVERIFY(waitFor([&] { return replica(1).gateway->sharedLink()->isReady(); }));
        if (bob.status == 503)
            bob = acquire(1, u"bob"_s);
        QVERIFY2(bob.status == 200, bob.body);
        QCOMPARE(sharedInUse(), 1); // bob: alice's lease was lost with the data

        // Replica 0's heartbeat finds alice's lease missing and registers it again.
        admission(0).upkeep();
        QVERIFY(waitFor([&] { return sharedInUse() == 2; }));
        QCOMPARE(acquire(2, u"carol"_s).status, 202); // the pool is full again

        // Releasing alice frees her slot (carol's now), not bob's: ids are not reused after
        // a loss.
        QCOMPARE(m_shared->release(0, alice.text("requestId"_L1)).status, 200);
        QVERIFY(waitFor([&] {
            return sharedInUse() == 2 && redis().call({"ZCARD", "{sl:test}:p:llm:q"}).integer == 0;
        }));
        QStringList holders;
        for (const RedisReply &lease : redis().call({"HVALS", "{sl:test}:p:llm:linfo"}).elements)
            holders.append(QJsonDocument::fromJson(lease.text).object().value("u"_L1).toString());
        holders.sort();
        QCOMPARE(holders, (QStringList{u"bob"_s, u"carol"_s}));
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
            return redis().call({"ZCARD", "{sl:test}:p:llm:q"}).integer == 0;
        }));
    }

};

QTEST_GUILESS_MAIN(TestSharedReplicas)
#include "tst_sharedreplicas.moc"
