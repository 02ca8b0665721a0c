#include "EngineFixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestEngineQueue : public QObject
{
    Q_OBJECT

    static qint64 position(EngineFixture &f, RequestId id) { return f.engine->request(id)->position; }

private slots:
    void priorityThenArrival()
    {
        EngineFixture f;
        f.pool().maxQueueLength = 10;
        f.start();
        const RequestId lease1 = f.acquire(u"x"_s).id;
        QVERIFY(f.acquire(u"y"_s).granted());
        const RequestId a = f.acquire(u"a"_s, u"free"_s).id;
        const RequestId b = f.acquire(u"b"_s, u"pro"_s).id;
        const RequestId c = f.acquire(u"c"_s, u"free"_s).id;
        const RequestId d = f.acquire(u"d"_s, u"pro"_s).id;
        QCOMPARE(position(f, b), 1);
        QCOMPARE(position(f, d), 2);
        QCOMPARE(position(f, a), 3);
        QCOMPARE(position(f, c), 4);

        QSignalSpy granted(f.engine.get(), &Engine::requestGranted);
        QVERIFY(f.engine->release(lease1));  // capacity frees: the head is granted at once
        QCOMPARE(granted.count(), 1);
        QCOMPARE(granted.first().at(0).value<RequestId>(), b);
        QCOMPARE(granted.first().at(2).toBool(), true);
        QVERIFY(f.engine->request(b)->active);
        QCOMPARE(position(f, d), 1);
        QCOMPARE(position(f, c), 3);
    }

    void agingLetsLowTiersThrough()
    {
        EngineFixture f;
        f.config.agingMs = 1000;  // pro (priority 2) is worth 2 s of waiting
        f.pool().maxConcurrent = 1;
        f.pool().requestsPerMinute.reset();
        f.start();
        const RequestId holder = f.acquire(u"x"_s).id;
        const RequestId oldFree = f.acquire(u"a"_s, u"free"_s).id;
        f.clock.advance(3000);
        const RequestId newPro = f.acquire(u"b"_s, u"pro"_s).id;
        QCOMPARE(position(f, oldFree), 1);
        QCOMPARE(position(f, newPro), 2);
        QVERIFY(f.engine->release(holder));
        QVERIFY(f.engine->request(oldFree)->active);
    }

    void userLimitDoesNotBlockOthers()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 3;
        f.start();
        const RequestId aliceLease = f.acquire(u"alice"_s).id;  // free: 1 at a time
        const RequestId bobLease = f.acquire(u"bob"_s).id;
        const Decision aliceAgain = f.acquire(u"alice"_s);
        QVERIFY(aliceAgain.queued());
        QCOMPARE(aliceAgain.reason, Reason::UserConcurrency);
        QVERIFY(f.acquire(u"carol"_s).granted());  // alice's ticket holds nobody back
        const Decision dave = f.acquire(u"dave"_s);
        QCOMPARE(dave.reason, Reason::PoolConcurrency);
        QCOMPARE(position(f, aliceAgain.id), 1);
        QVERIFY(f.engine->release(bobLease));
        QVERIFY(f.engine->request(dave.id)->active);  // dave goes although alice is ahead
        QVERIFY(!f.engine->request(aliceAgain.id)->active);
        QVERIFY(f.engine->release(aliceLease));
        QVERIFY(f.engine->request(aliceAgain.id)->active);
    }

    void ticketsTimeOut()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"x"_s).granted());
        QVERIFY(f.acquire(u"y"_s).granted());
        const RequestId poolDefault = f.acquire(u"a"_s).id;
        AcquireRequest shortWait;
        shortWait.pool = u"llm"_s;
        shortWait.user = u"b"_s;
        shortWait.timeoutMs = 2000;
        const RequestId custom = f.engine->acquire(shortWait).id;
        QCOMPARE(f.engine->nextWake(), EngineFixture::kStart + 2000);
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        f.advance(1999);
        QCOMPARE(ended.count(), 0);
        f.advance(1);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(0).value<RequestId>(), custom);
        QCOMPARE(ended.first().at(2).value<Reason>(), Reason::Timeout);
        QCOMPARE(position(f, poolDefault), 1);
        f.advance(8000);
        QCOMPARE(ended.count(), 2);
        QVERIFY(!f.engine->request(poolDefault));
        QCOMPARE(f.status().waiting, 0);
        QCOMPARE(f.engine->userQuota(u"a"_s).requestsToday, 0);  // a timed-out ticket costs nothing
    }

    void cancelWithdrawsATicket()
    {
        EngineFixture f;
        f.start();
        const RequestId lease = f.acquire(u"x"_s).id;
        QVERIFY(f.acquire(u"y"_s).granted());
        const RequestId a = f.acquire(u"a"_s).id;
        const RequestId b = f.acquire(u"b"_s).id;
        QVERIFY(f.engine->cancel(a));
        QCOMPARE(position(f, b), 1);
        QCOMPARE(f.engine->cancel(a).error().code, reasonCode(Reason::UnknownRequest));
        QCOMPARE(f.engine->cancel(lease).error().code, reasonCode(Reason::InvalidRequest));
        QCOMPARE(f.engine->cancel(0xdeadbeefULL).error().code, reasonCode(Reason::UnknownRequest));
        QCOMPARE(f.status().waiting, 1);
    }

    void queueFullIsRefused_data()
    {
        QTest::addColumn<int>("maxQueue");
        QTest::newRow("5 places") << 5;
        QTest::newRow("no queue at all") << 0;
    }

    void queueFullIsRefused()
    {
        QFETCH(int, maxQueue);
        EngineFixture f;
        f.pool().maxQueueLength = maxQueue;
        f.start();
        QVERIFY(f.acquire(u"x"_s).granted());
        QVERIFY(f.acquire(u"y"_s).granted());
        for (int i = 0; i < maxQueue; ++i)
            QVERIFY(f.acquire(u"w%1"_s.arg(i)).queued());
        const Decision full = f.acquire(u"late"_s);
        QCOMPARE(full.reason, Reason::QueueFull);
        QVERIFY(full.retryAfterMs > 0);
        QCOMPARE(f.status().waiting, maxQueue);
    }

    void estimatedWaitFollowsTheRate()
    {
        // SPEC: 523 waiting at 100 per minute -> about 5 minutes.
        EngineFixture f;
        f.pool().maxConcurrent = 10000;
        f.pool().requestsPerMinute = 100;
        f.pool().tokensPerMinute.reset();
        f.pool().maxQueueLength = 1000;
        f.tier(0).maxConcurrentPerUser.reset();
        f.tier(0).dailyRequests = 100000;
        f.start();
        for (int i = 0; i < 100; ++i)
            QVERIFY(f.engine->release(f.acquire(u"u%1"_s.arg(i)).id));
        Decision last;
        for (int i = 0; i < 523; ++i)
            last = f.acquire(u"w%1"_s.arg(i));
        QVERIFY(last.queued());
        QCOMPARE(last.reason, Reason::RequestsPerMinute);
        QCOMPARE(last.position, 523);
        // The window holds the 100 just granted: 100 places per minute from +60 s on, so the
        // 523rd goes in the sixth round (tst_waitestimate has the rounds).
        QCOMPARE(last.estimatedWaitMs, std::optional<qint64>(360'000));
        QCOMPARE(f.engine->queue(u"llm"_s, 0, 3).size(), 3);
        QCOMPARE(f.engine->queue(u"llm"_s, 520, 10).last().position, 523);
    }

    void windowSlidingGrantsWithoutPolling()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 20;
        f.pool().requestsPerMinute = 3;
        f.pool().queueTimeoutMs = 120'000;
        f.tier(0).maxConcurrentPerUser = 5;
        f.start();
        for (int i = 0; i < 3; ++i) {
            QVERIFY(f.engine->release(f.acquire(u"u"_s).id));
            f.clock.advance(1000);
        }
        const Decision waiting = f.acquire(u"v"_s);
        QCOMPARE(waiting.reason, Reason::RequestsPerMinute);
        QCOMPARE(f.engine->advance(), EngineFixture::kStart + 60'000);  // the first grant leaves
        f.clock.set(EngineFixture::kStart + 59'999);
        f.engine->advance();
        QVERIFY(!f.engine->request(waiting.id)->active);
        f.clock.set(EngineFixture::kStart + 60'000);
        f.engine->advance();
        QVERIFY(f.engine->request(waiting.id)->active);
    }

    void noWaitGetsRetryAfter()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 20;
        f.pool().requestsPerMinute = 2;
        f.tier(0).maxConcurrentPerUser = 5;
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"u"_s).id));
        f.clock.advance(15'000);
        QVERIFY(f.engine->release(f.acquire(u"u"_s).id));
        const Decision d = f.acquire(u"u"_s, {}, 0, false);
        QCOMPARE(d.reason, Reason::RateLimited);
        QCOMPARE(d.retryAfterMs, 45'000);  // when the first of the two leaves the window
        QCOMPARE(f.status().waiting, 0);
    }

    void upstreamThrottlePausesThePool()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.engine->throttle(u"llm"_s, 5000));
        const Decision d = f.acquire(u"a"_s);
        QCOMPARE(d.reason, Reason::UpstreamThrottled);
        QVERIFY(d.estimatedWaitMs.value_or(0) >= 5000);
        QCOMPARE(f.acquire(u"b"_s, {}, 0, false).retryAfterMs, 5000);
        f.advance(4999);
        QVERIFY(!f.engine->request(d.id)->active);
        f.advance(1);
        QVERIFY(f.engine->request(d.id)->active);
        QCOMPARE(f.engine->throttle(u"llm"_s, 0).error().code, reasonCode(Reason::InvalidRequest));
        QCOMPARE(f.engine->throttle(u"nope"_s, 10).error().code, reasonCode(Reason::UnknownPool));
    }

    void newcomersDoNotJumpTheQueue()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 5;
        f.tier(0).maxConcurrentPerUser = 5;
        f.start();
        QVERIFY(f.acquire(u"a"_s, {}, 600).granted());
        const Decision big = f.acquire(u"b"_s, {}, 600);  // 1200 > 1000 tokens/min: waits
        QCOMPARE(big.reason, Reason::TokensPerMinute);
        const Decision small = f.acquire(u"c"_s, {}, 10);  // would fit, but b is first
        QVERIFY(small.queued());
        QCOMPARE(small.reason, Reason::QueuedBehind);
        QCOMPARE(small.position, 2);
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        QVERIFY(f.engine->cancel(big.id));
        QCOMPARE(ended.first().at(2).value<Reason>(), Reason::Cancelled);
        QVERIFY(f.engine->request(small.id)->active);  // next in line, and it fits
    }

    void quotaIsCheckedAgainWhenGranted()
    {
        EngineFixture f;
        f.tier(0).dailyRequests = 2;
        f.tier(0).maxConcurrentPerUser = 2;
        f.pool().maxConcurrent = 1;
        f.start();
        const RequestId first = f.acquire(u"alice"_s).id;
        const RequestId second = f.acquire(u"alice"_s).id;  // queued, quota 1 of 2 used
        const RequestId third = f.acquire(u"alice"_s).id;   // queued too
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        QVERIFY(f.engine->release(first));
        QVERIFY(f.engine->request(second)->active);
        QVERIFY(f.engine->release(second));
        QVERIFY(!f.engine->request(third));  // quota used up while it waited
        QCOMPARE(ended.last().at(2).value<Reason>(), Reason::UserLimitExceeded);
    }
    void aTierChangeMovesWaitingTickets()
    {
        EngineFixture f;
        f.pool().maxQueueLength = 10;
        f.start();
        const RequestId lease1 = f.acquire(u"x"_s).id;
        QVERIFY(f.acquire(u"y"_s).granted());
        const RequestId b = f.acquire(u"b"_s, u"pro"_s).id;
        const RequestId a1 = f.acquire(u"a"_s, u"free"_s).id;
        const RequestId c = f.acquire(u"c"_s, u"free"_s).id;
        const RequestId a2 = f.acquire(u"a"_s, u"free"_s).id;
        QCOMPARE(position(f, a1), 2);
        QCOMPARE(position(f, a2), 4);

        // Support upgrades a to pro: both tickets move up, behind the pro ticket that came
        // first, in their own order, and say their new tier.
        QVERIFY(f.engine->setUserTier(u"a"_s, u"pro"_s));
        QCOMPARE(position(f, b), 1);
        QCOMPARE(position(f, a1), 2);
        QCOMPARE(position(f, a2), 3);
        QCOMPARE(position(f, c), 4);
        QCOMPARE(f.engine->request(a1)->tier, u"pro"_s);
        QCOMPARE(f.engine->request(a2)->tier, u"pro"_s);

        // And down again: below the free ticket that waited longer.
        QVERIFY(f.engine->setUserTier(u"a"_s, u"free"_s));
        QCOMPARE(position(f, a1), 2);
        QCOMPARE(position(f, c), 3);
        QCOMPARE(position(f, a2), 4);
        QCOMPARE(f.engine->request(a2)->tier, u"free"_s);

        // Served in the new order.
        QSignalSpy granted(f.engine.get(), &Engine::requestGranted);
        QVERIFY(f.engine->release(lease1));
        QCOMPARE(granted.count(), 1);
        QCOMPARE(granted.first().at(0).value<RequestId>(), b);
    }

    void aRequestNamingANewTierMovesTheUsersTickets()
    {
        EngineFixture f;
        f.pool().maxQueueLength = 10;
        f.start();
        QVERIFY(f.acquire(u"x"_s).granted());
        QVERIFY(f.acquire(u"y"_s).granted());
        const RequestId c = f.acquire(u"c"_s, u"free"_s).id;
        const RequestId a1 = f.acquire(u"a"_s, u"free"_s).id;
        // The application now says a is pro (not pinned): the waiting ticket goes with them.
        const RequestId a2 = f.acquire(u"a"_s, u"pro"_s).id;
        QCOMPARE(position(f, a1), 1);
        QCOMPARE(position(f, a2), 2);
        QCOMPARE(position(f, c), 3);
    }
};

QTEST_GUILESS_MAIN(TestEngineQueue)
#include "tst_enginequeue.moc"
