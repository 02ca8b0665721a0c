// Three gateways sharing one deployment through a real redis-server that goes away: a
// request of a fail_closed pool that may wait waits on its replica (202, REDIS_UNAVAILABLE)
// instead of being refused, and is admitted in Redis when it is back, in the order it came;
// one that timed out meanwhile is never admitted; one the user's quota no longer allows ends
// with that reason; a replica holds at most its pool's max_queue_length.

#include "SharedReplicas.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedHeld : public SharedReplicasCase
{
    Q_OBJECT

    /// Stops Redis, having saved its data when `keepData` (it comes back with it).
    bool stopRedis(bool keepData)
    {
        if (keepData)
            redis().call({"SAVE"});
        redis().stop();
        return waitFor([&] { return !replica(0).gateway->sharedLink()->isReady(); });
    }

    /// Starts Redis again, its clock `aheadMs` past the start, and waits for every replica.
    bool startRedis(qint64 aheadMs)
    {
        QString error;
        if (!redis().start(&error))
            return false;
        redis().setTestClock(SharedReplicas::kRedisStart + aheadMs);
        return waitFor([&] {
            for (int i = 0; i < 3; ++i) {
                if (!replica(i).gateway->sharedLink()->isReady())
                    return false;
            }
            return true;
        });
    }

    GatewayFixture::Answer get(int i, const QString &id)
    {
        return replica(i).call("GET", u"/v1/requests/%1"_s.arg(id), {}, keys(i));
    }

    /// Replica 0's upkeep, until its held tickets have an answer from Redis.
    bool sendHeld()
    {
        return waitFor([&] {
            admission(0).upkeep();
            return admission(0).held() == 0;
        });
    }

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void aHeldTicketIsAdmittedWhenRedisIsBack()
    {
        QVERIFY(stopRedis(false));
        const GatewayFixture::Answer held = acquire(0, u"dave"_s);
        QCOMPARE(held.status, 202);
        QCOMPARE(held.text("reason"_L1), u"REDIS_UNAVAILABLE"_s);
        QCOMPARE(admission(0).held(), 1);
        const QByteArray support = replica(0).createKey(Role::Support, u"ops"_s);
        QVERIFY(replica(0)
                    .call("GET", u"/metrics"_s, {}, support)
                    .body.contains("sluice_shared_held{replica=\"replica-0\"} 1\n"));
        // One that may not wait is refused, as before.
        QCOMPARE(m_shared->acquire(0, u"erin"_s, false).status, 503);

        QVERIFY(startRedis(0));
        QVERIFY(sendHeld());
        const QString id = held.text("requestId"_L1);
        QVERIFY(waitFor([&] { return state(0, id) == u"active"_s; }));
        QCOMPARE(sharedInUse(), 1);
        QCOMPARE(m_shared->release(0, id).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 0; }));
    }

    void heldTicketsQueueInTheOrderTheyCame()
    {
        // llm: 2 slots, both taken; erin waits in Redis.
        QCOMPARE(acquire(1, u"alice"_s).status, 200);
        QCOMPARE(acquire(2, u"bob"_s).status, 200);
        const GatewayFixture::Answer erin = acquire(2, u"erin"_s);
        QCOMPARE(erin.status, 202);
        // A 5 s outage; dave came 4 s into it, and waited 1 s on replica 0 (its clock).
        QVERIFY(stopRedis(true));
        const GatewayFixture::Answer dave = acquire(0, u"dave"_s);
        QCOMPARE(dave.status, 202);
        replica(0).advance(1000);
        QVERIFY(startRedis(5000));
        // frank comes after Redis is back, before replica 0's upkeep sends dave.
        const GatewayFixture::Answer frank = acquire(1, u"frank"_s);
        QCOMPARE(frank.status, 202);
        QVERIFY(sendHeld());
        QVERIFY(waitFor([&] { return admission(0).tracked() == 1; }));
        QCOMPARE(get(2, erin.text("requestId"_L1)).number("position"_L1), 1);
        QCOMPARE(get(0, dave.text("requestId"_L1)).number("position"_L1), 2);
        QCOMPARE(get(1, frank.text("requestId"_L1)).number("position"_L1), 3);
    }

    void heldTicketsGoInTheOrderTheyCame()
    {
        QCOMPARE(acquire(1, u"alice"_s).status, 200); // one of llm's 2 slots is left
        QVERIFY(stopRedis(true));
        QStringList held;
        for (int n = 0; n < 4; ++n) { // each 10 ms after the one before
            const GatewayFixture::Answer answer = acquire(0, u"user-%1"_s.arg(n));
            QCOMPARE(answer.status, 202);
            held.append(answer.text("requestId"_L1));
            replica(0).advance(10);
        }
        QVERIFY(startRedis(0));
        QVERIFY(sendHeld());
        QVERIFY(waitFor([&] { return admission(0).tracked() == 4; }));
        QCOMPARE(state(0, held[0]), u"active"_s); // the first took the free slot
        for (int n = 1; n < 4; ++n)
            QCOMPARE(get(0, held[n]).number("position"_L1), n);
    }

    /// Redis comes back without its data: the leases running on replica 1 are registered
    /// again before replica 0's held tickets compete for their slots.
    void heldTicketsWaitUntilRunningLeasesCountAgain()
    {
        for (int i = 0; i < 3; ++i) // each replica reads Redis's usage id
            admission(i).upkeep();
        QVERIFY(waitFor([&] {
            return !admission(0).usageId().isEmpty() && !admission(1).usageId().isEmpty();
        }));
        QCOMPARE(acquire(1, u"alice"_s).status, 200);
        QCOMPARE(acquire(1, u"bob"_s).status, 200); // llm is full
        QVERIFY(stopRedis(false));
        const GatewayFixture::Answer dave = acquire(0, u"dave"_s);
        QCOMPARE(dave.status, 202);
        QVERIFY(startRedis(0)); // empty
        // Replica 0 sees the loss at once; replica 1's upkeep comes later.
        QVERIFY(waitFor([&] {
            admission(0).upkeep();
            return admission(0).usageId() ==
                   QString::fromUtf8(redis().call({"HGET", "{sl:test}:usage", "id"}).text);
        }));
        QVERIFY(waitFor([&] { // its own leases and usage are settled; the others' may not be
            admission(0).upkeep();
            return admission(0).heldWaitsFor() == u"grace"_s;
        }));
        QCOMPARE(admission(0).held(), 1);
        QCOMPARE(sharedInUse(), 0);
        QVERIFY(waitFor([&] {
            admission(1).upkeep();
            return sharedInUse() == 2; // alice and bob, registered again
        }));
        replica(0).advance(2 * SharedAdmission::kMaxUpkeepMs);
        QVERIFY(sendHeld());
        QVERIFY(waitFor([&] { return admission(0).tracked() == 1; }));
        QCOMPARE(state(0, dave.text("requestId"_L1)), u"waiting"_s);
        QCOMPARE(sharedInUse(), 2);
    }

    void aHeldTicketThatTimedOutIsNeverAdmitted()
    {
        QVERIFY(stopRedis(false));
        const GatewayFixture::Answer held = acquire(0, u"dave"_s);
        QCOMPARE(held.status, 202);
        replica(0).advance(10'001); // llm's queue timeout
        QCOMPARE(admission(0).held(), 0);
        const GatewayFixture::Answer timedOut = get(0, held.text("requestId"_L1));
        QCOMPARE(timedOut.text("state"_L1), u"failed"_s);
        QCOMPARE(timedOut.text("error"_L1), u"TIMEOUT"_s);
        QVERIFY(startRedis(0));
        admission(0).upkeep();
        QCOMPARE(acquire(1, u"alice"_s).status, 200); // a call after the upkeep's, answered
        QCOMPARE(sharedInUse(), 1);
        QCOMPARE(redis().call({"HLEN", "{sl:test}:p:llm:tinfo"}).integer, 0);
    }

    void aHeldTicketTheQuotaRefusesEndsWithItsReason()
    {
        // free: 10 requests a day; alice used them before the outage.
        for (int n = 0; n < 10; ++n) {
            const GatewayFixture::Answer granted = acquire(n % 3, u"alice"_s);
            QCOMPARE(granted.status, 200);
            QCOMPARE(m_shared->release(n % 3, granted.text("requestId"_L1)).status, 200);
        }
        QVERIFY(stopRedis(true));
        const GatewayFixture::Answer held = acquire(0, u"alice"_s);
        QCOMPARE(held.status, 202); // her quota is in Redis: this replica cannot tell
        QVERIFY(startRedis(0));
        QVERIFY(sendHeld());
        const GatewayFixture::Answer ended = get(0, held.text("requestId"_L1));
        QCOMPARE(ended.text("state"_L1), u"failed"_s);
        QCOMPARE(ended.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        QCOMPARE(admission(0).tracked(), 0);
        QCOMPARE(sharedInUse(), 0);
    }

    void aReplicaHoldsAtMostItsPoolsQueueLength()
    {
        QVERIFY(stopRedis(false));
        for (int n = 0; n < 5; ++n) // llm: max_queue_length 5
            QCOMPARE(acquire(0, u"user-%1"_s.arg(n)).status, 202);
        const GatewayFixture::Answer refused = acquire(0, u"user-5"_s);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        QCOMPARE(admission(0).held(), 5);
    }
};

QTEST_GUILESS_MAIN(TestSharedHeld)
#include "tst_sharedheld.moc"
