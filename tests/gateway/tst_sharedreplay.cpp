// Three gateways sharing one deployment through a real redis-server that loses its data
// (FLUSHALL, or a restart without persistence): each replica counts again in Redis the usage
// that ended through it today, so the daily quotas hold as before the loss. Leases running
// through the loss count once (their heartbeat registers them), a replay is not repeated, and
// a replica that was down while Redis lost its data replays what its store kept.

#include "SharedReplicas.h"

#include "engine/QuotaDay.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedReplay : public SharedReplicasCase
{
    Q_OBJECT

    /// Redis's quota day (its test clock, day offset 0).
    static qint32 redisDay() { return QuotaDay::of(SharedReplicas::kRedisStart, 0); }

    /// Puts every replica's wall clock on Redis's day, as NTP does in production (the
    /// fixtures' clocks start on another day, which would make every replay one of a day that
    /// is over in Redis).
    void alignDays()
    {
        for (int i = 0; i < 3; ++i)
            replica(i).clock.stepWall(SharedReplicas::kRedisStart - EngineFixture::kStart);
    }

    /// A request of `user` through replica `i`, released at once.
    void use(int i, const QString &user)
    {
        const GatewayFixture::Answer granted = acquire(i, user);
        QCOMPARE(granted.status, 200);
        QCOMPARE(m_shared->release(i, granted.text("requestId"_L1)).status, 200);
    }

    /// The user's requests today in Redis's quota hash (-1: none).
    qint64 requestsInRedis(const QString &user)
    {
        const QList<QByteArray> field =
            redis().call({"HGET", "{sl:test}:quota", user.toUtf8()}).text.split('|');
        if (field.size() != 3 || field[0].toInt() != redisDay())
            return -1;
        return field[1].toLongLong();
    }

    /// True when the replicas `which` keep the usage id Redis holds now: each read it, and
    /// none is replaying.
    bool replayedInto(const QList<int> &which)
    {
        const QString id = QString::fromUtf8(redis().call({"HGET", "{sl:test}:usage", "id"}).text);
        return !id.isEmpty() && std::all_of(which.cbegin(), which.cend(),
                                            [&](int i) { return admission(i).usageId() == id; });
    }

    /// Redis loses everything (the connection stays up), as a restart without persistence.
    void loseRedisData()
    {
        redis().call({"FLUSHALL"});
        redis().call({"FUNCTION", "FLUSH"});
        redis().setTestClock(SharedReplicas::kRedisStart);
    }

    /// Runs every replica's upkeep until `done` (the first calls find the library gone and
    /// reload it; the next ticks read the new usage id).
    template<typename Predicate> bool upkeepUntil(Predicate done)
    {
        return waitFor([&] {
            for (int i = 0; i < 3; ++i) {
                if (replica(i).gateway)
                    admission(i).upkeep();
            }
            return done();
        });
    }

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void quotasHoldAfterRedisLosesItsData()
    {
        alignDays();
        // free: 10 requests a day. alice uses 5 over the three replicas; bob holds a lease.
        for (int n = 0; n < 5; ++n)
            use(n % 3, u"alice"_s);
        const GatewayFixture::Answer bob = acquire(1, u"bob"_s);
        QCOMPARE(bob.status, 200);
        QVERIFY(waitFor([&] { return requestsInRedis(u"alice"_s) == 5; }));

        QVERIFY(upkeepUntil([&] { return replayedInto({0, 1, 2}); })); // each read the id

        loseRedisData();
        QVERIFY(upkeepUntil([&] { return requestsInRedis(u"alice"_s) == 5; }));
        // bob's running lease counts once: registered again by replica 1's heartbeat, not
        // replayed as well.
        QVERIFY(upkeepUntil([&] { return requestsInRedis(u"bob"_s) == 1; }));
        // Every replica is done: its usage went into the id Redis holds now.
        QVERIFY(upkeepUntil([&] { return replayedInto({0, 1, 2}); }));
        QCOMPARE(requestsInRedis(u"alice"_s), 5);
        QCOMPARE(admission(0).replayedUsers() + admission(1).replayedUsers() +
                     admission(2).replayedUsers(),
                 3); // alice on each replica; bob's only request still runs

        // What is left of alice's quota is what was left before the loss.
        for (int n = 0; n < 5; ++n)
            use(n % 3, u"alice"_s);
        const GatewayFixture::Answer refused = acquire(2, u"alice"_s);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        QVERIFY(
            replica(0)
                .call("GET", u"/metrics"_s, {}, replica(0).createKey(Role::Support, u"m"_s))
                .body.contains("sluice_shared_usage_replayed_total{replica=\"replica-0\"} 1\n"));
    }

    void aReplicaDownWhileRedisLostItsDataReplaysWhatItsStoreKept()
    {
        alignDays();
        for (int n = 0; n < 3; ++n)
            use(0, u"alice"_s);
        QVERIFY(waitFor([&] { return requestsInRedis(u"alice"_s) == 3; }));
        QVERIFY(upkeepUntil([&] { return replayedInto({0, 1, 2}); }));

        replica(0).gateway.reset(); // replica 0 stops ...
        loseRedisData();            // ... Redis loses its data meanwhile ...
        QVERIFY(upkeepUntil([&] { return replayedInto({1, 2}); }));
        QCOMPARE(requestsInRedis(u"alice"_s), -1); // the others had nothing of hers to replay
        // ... and comes back on its store: it counts her 3 requests again.
        QVERIFY(replica(0).start(m_shared->started[0]));
        QVERIFY(upkeepUntil([&] { return replayedInto({0}); }));
        QCOMPARE(requestsInRedis(u"alice"_s), 3);
        QCOMPARE(admission(0).replayedUsers(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSharedReplay)
#include "tst_sharedreplay.moc"
