// Redis down, three replicas: a pool with redis_down = local_share is decided by each replica
// alone within its share of the limits; a fail_closed pool refuses. When Redis is back, what
// was granted alone counts there before the replicas decide in Redis again.

#include "SharedReplicas.h"
#include "engine/Engine.h"
#include "engine/QuotaDay.h"
#include "protocol/WireReplicas.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedFallback : public SharedReplicasCase
{
    Q_OBJECT

    /// llm: 3 slots, local_share (one per replica while alone); tts: the same, fail_closed.
    static QByteArray toml()
    {
        EngineConfig config = EngineFixture::defaultTestConfig();
        PoolConfig &llm = config.pools.first();
        llm.maxConcurrent = 3;
        llm.requestsPerMinute = 100;
        llm.redisDown = u"local_share"_s;
        PoolConfig tts = llm;
        tts.name = u"tts"_s;
        tts.redisDown = u"fail_closed"_s;
        config.pools.append(tts);
        return RuntimeFixture::toToml(config);
    }

    /// Every replica heartbeats in Redis and reads how many replicas do (an upkeep reads
    /// what the heartbeats of the ones before it wrote).
    bool learnReplicaCount()
    {
        return waitFor([&] {
            bool all = true;
            for (int i = 0; i < 3; ++i) {
                if (admission(i).liveReplicas() != 3) {
                    all = false;
                    admission(i).upkeep();
                }
            }
            return all;
        });
    }

    bool stopRedis()
    {
        redis().stop();
        return waitFor([&] {
            for (int i = 0; i < 3; ++i) {
                if (replica(i).gateway->sharedLink()->isReady())
                    return false;
            }
            return true;
        });
    }

    QByteArray metrics(int i)
    {
        const QByteArray support =
            replica(i).createKey(Role::Support, u"ops-%1"_s.arg(++m_supportKeys));
        return replica(i).call("GET", u"/metrics"_s, {}, support).body;
    }

    int m_supportKeys = 0;

private slots:
    void init() { startReplicas(toml()); }

    void cleanup() { m_shared.reset(); }

    void eachReplicaAdmitsItsShareAndRedisCountsItAfterwards()
    {
        QVERIFY(learnReplicaCount());
        QCOMPARE(acquire(0, u"alice"_s).status, 200); // decided in Redis
        QVERIFY(stopRedis());

        // 3 slots over 3 replicas: one each. Replica 0 holds alice's already.
        const GatewayFixture::Answer bob = acquire(0, u"bob"_s);
        QCOMPARE(bob.status, 429);
        QCOMPARE(bob.text("error"_L1), u"RATE_LIMITED"_s);
        const GatewayFixture::Answer carol = acquire(1, u"carol"_s);
        QCOMPARE(carol.status, 200);
        QCOMPARE(acquire(1, u"dave"_s).status, 429);
        const GatewayFixture::Answer erin = acquire(2, u"erin"_s);
        QCOMPARE(erin.status, 200);
        // The fail_closed pool refuses rather than guess (a request that may wait waits for
        // Redis: tst_sharedheld).
        const GatewayFixture::Answer tts = m_shared->acquire(1, u"frank"_s, false, u"tts"_s);
        QCOMPARE(tts.status, 503);
        QCOMPARE(tts.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        const QByteArray during = metrics(1);
        QVERIFY2(during.contains("sluice_shared_alone{replica=\"replica-1\"} 1\n"), during);
        QVERIFY(during.contains("sluice_shared_alone_admissions_total{replica=\"replica-1\"} 1\n"));
        QVERIFY(during.contains("sluice_shared_live_replicas{replica=\"replica-1\"} 3\n"));
        QVERIFY(during.contains("sluice_shared_alone_entered_total{replica=\"replica-1\"} 1\n"));
        // What the dashboard's Replicas panel reads.
        const QByteArray support = replica(1).createKey(Role::Support, u"panel"_s);
        QList<FieldError> errors;
        const ReplicaStatus status = replicaStatusFromJson(
            replica(1).call("GET", u"/v1/replicas"_s, {}, support).json, &errors);
        QVERIFY(errors.isEmpty());
        QVERIFY(status.shared && !status.ready && status.alone);
        QCOMPARE(status.liveReplicas, 3);
        QCOMPARE(status.aloneAdmissionsTotal, 1);
        QVERIFY2(status.aloneReason.contains(u"lost"_s), qPrintable(status.aloneReason));
        // carol finishes while Redis is still away.
        QCOMPARE(m_shared->release(1, carol.text("requestId"_L1)).status, 200);

        // Back, empty (no persistence in the test). Each replica's upkeep registers what it
        // holds: alice (heartbeat: missing) and erin (granted alone); carol counts in the
        // window too, and is released.
        QVERIFY(restartRedis());
        for (int i = 0; i < 3; ++i)
            admission(i).upkeep();
        QVERIFY(waitFor([&] {
            return sharedInUse() == 2
                   && redis().call({"ZCARD", "{sl:test}:p:llm:rpm"}).integer == 3;
        }));
        QVERIFY(admission(1).fallback().active()); // Redis has not answered for 5 s yet
        // Redis came back empty, without the replicas' heartbeats: the share stays a third.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(admission(i).liveReplicas(), 3);

        // Five seconds of answers later (replica 1's clock), replica 1 decides in Redis again:
        // at once for a new request, and it leaves the mode at its next upkeep.
        replica(1).advance(FallbackMode::kLeaveAfterMs);
        QCOMPARE(acquire(1, u"dave"_s).status, 200);
        QCOMPARE(sharedInUse(), 3); // counted in Redis, not alone
        admission(1).upkeep();
        QVERIFY(!admission(1).fallback().active());
        QCOMPARE(acquire(1, u"grace"_s).status, 202); // the shared pool is full: she waits
        QVERIFY(metrics(1).contains("sluice_shared_alone{replica=\"replica-1\"} 0\n"));
    }

    void aReleaseBeforeRegistrationIsNotLost()
    {
        QVERIFY(learnReplicaCount());
        QVERIFY(stopRedis());
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        QCOMPARE(alice.status, 200);
        QVERIFY(restartRedis());
        // Released after Redis came back, before this replica's upkeep registered it: Redis
        // hears the release only after the lease, so the slot does not stay taken.
        QCOMPARE(m_shared->release(0, alice.text("requestId"_L1)).status, 200);
        QCOMPARE(admission(0).tracked(), 0);
        QCOMPARE(redis().call({"HLEN", "{sl:test}:p:llm:linfo"}).integer, 0);
        // Registered (a lease in the window), then released (its slot free again).
        admission(0).upkeep();
        QVERIFY(waitFor([&] {
            return redis().call({"ZCARD", "{sl:test}:p:llm:rpm"}).integer == 1
                   && redis().call({"HLEN", "{sl:test}:p:llm:linfo"}).integer == 0;
        }));
        QCOMPARE(sharedInUse(), 0);
        replica(0).advance(FallbackMode::kLeaveAfterMs);
        admission(0).upkeep();
        QVERIFY(!admission(0).fallback().active());
    }

    /// Redis comes back without its data: carol's request that ended before the outage is
    /// counted again (sl_replay), and hers granted alone and ended during it counts once
    /// (registered and released, not replayed as well).
    void usageOfAnOutageCountsOnceWhenRedisComesBackEmpty()
    {
        for (int i = 0; i < 3; ++i) // on Redis's quota day, as NTP keeps them
            replica(i).clock.stepWall(SharedReplicas::kRedisStart - EngineFixture::kStart);
        QVERIFY(learnReplicaCount());
        const GatewayFixture::Answer before = acquire(1, u"carol"_s);
        QCOMPARE(before.status, 200);
        QCOMPARE(m_shared->release(1, before.text("requestId"_L1)).status, 200);
        const auto usageId = [&] {
            return QString::fromUtf8(redis().call({"HGET", "{sl:test}:usage", "id"}).text);
        };
        QVERIFY(waitFor([&] {
            admission(1).upkeep();
            return !admission(1).usageId().isEmpty() && admission(1).usageId() == usageId();
        }));

        QVERIFY(stopRedis());
        const GatewayFixture::Answer alone = acquire(1, u"carol"_s);
        QCOMPARE(alone.status, 200);
        QCOMPARE(m_shared->release(1, alone.text("requestId"_L1)).status, 200);
        QVERIFY(restartRedis());
        const QByteArray day = QByteArray::number(QuotaDay::of(SharedReplicas::kRedisStart, 0));
        QVERIFY(waitFor([&] {
            admission(1).upkeep();
            return admission(1).usageId() == usageId() &&
                   redis().call({"ZCARD", "{sl:test}:p:llm:rpm"}).integer == 1 && // registered
                   redis().call({"HLEN", "{sl:test}:p:llm:linfo"}).integer == 0;  // released
        }));
        QCOMPARE(redis().call({"HGET", "{sl:test}:quota", "carol"}).text, day + "|2|0");
    }

    void withoutAReplicaCountLocalShareFailsClosed()
    {
        // No upkeep yet: the replica never read how many replicas share the limits.
        QCOMPARE(admission(0).liveReplicas(), 0);
        QVERIFY(stopRedis());
        const GatewayFixture::Answer refused = acquire(0, u"alice"_s);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        QVERIFY2(refused.text("message"_L1).contains(u"live replicas"_s), refused.body);
    }
};

QTEST_GUILESS_MAIN(TestSharedFallback)
#include "tst_sharedfallback.moc"
