#include "EngineFixture.h"

#include "store/StoreRecords.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestEngineLeases : public QObject
{
    Q_OBJECT

private slots:
    void contextSharesOneSlot()
    {
        EngineFixture f;
        f.pool().requestsPerMinute.reset();
        f.start();
        const RequestId a = f.acquire(u"alice"_s, {}, 0, true, u"conv-1"_s).id;
        const RequestId b = f.acquire(u"alice"_s, {}, 0, true, u"conv-1"_s).id;
        const Decision c = f.acquire(u"alice"_s, {}, 0, true, u"conv-1"_s);
        QVERIFY(c.granted());  // alice may hold 1 slot; the context is that slot
        QCOMPARE(f.status().inUse, 1);
        QCOMPARE(f.status().activeLeases, 3);
        QCOMPARE(f.acquire(u"alice"_s, {}, 0, true, u"conv-2"_s).reason, Reason::UserConcurrency);
        QVERIFY(f.engine->release(a));
        QVERIFY(f.engine->release(b));
        QCOMPARE(f.status().inUse, 1);
        QVERIFY(f.engine->release(c.id));
        QCOMPARE(f.status().inUse, 1);  // conv-2 got the slot the moment conv-1 ended
        QCOMPARE(f.status().waiting, 0);
    }

    void contextsAreKeptApartPerUser()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"alice"_s, {}, 0, true, u"same"_s).granted());
        QVERIFY(f.acquire(u"bob"_s, {}, 0, true, u"same"_s).granted());
        QCOMPARE(f.status().inUse, 2);
    }

    void leaseExpiresWithoutHeartbeat()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.pool().queueTimeoutMs = 120'000;
        f.start();
        const RequestId lease = f.acquire(u"dead-client"_s).id;
        const RequestId waiting = f.acquire(u"bob"_s).id;
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        f.advance(29'000);
        QVERIFY(f.engine->heartbeat(lease));
        f.advance(29'000);
        QVERIFY(f.engine->request(lease)->active);
        f.advance(1000);  // 30 s since the heartbeat
        QVERIFY(!f.engine->request(lease));
        QCOMPARE(ended.first().at(2).value<Reason>(), Reason::LeaseExpired);
        QVERIFY(f.engine->request(waiting)->active);
        QCOMPARE(f.engine->heartbeat(lease).error().code, reasonCode(Reason::UnknownRequest));
        QCOMPARE(f.engine->release(lease).error().code, reasonCode(Reason::UnknownRequest));
    }

    void reportedUsageCorrectsTheTokenWindow()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 5;
        f.tier(0).maxConcurrentPerUser = 5;
        f.start();
        const RequestId big = f.acquire(u"a"_s, {}, 800).id;
        const Decision waiting = f.acquire(u"b"_s, {}, 300);
        QCOMPARE(waiting.reason, Reason::TokensPerMinute);
        QVERIFY(f.engine->release(big, Usage{100, 50, {}, false}));
        QVERIFY(f.engine->request(waiting.id)->active);  // 150 + 300 fits now
        QCOMPARE(f.status().windowTokens, 450);
        QCOMPARE(f.engine->userQuota(u"a"_s).tokensToday, 150);
    }

    void releaseRejectsBadCalls()
    {
        EngineFixture f;
        f.start();
        const RequestId lease = f.acquire(u"a"_s).id;
        QCOMPARE(f.engine->release(lease, Usage{-5, 0, {}, false}).error().code,
                 reasonCode(Reason::InvalidRequest));
        QVERIFY(f.engine->request(lease)->active);  // nothing changed
        QVERIFY(f.engine->release(lease));
        QCOMPARE(f.engine->release(lease).error().code, reasonCode(Reason::UnknownRequest));
        QVERIFY(f.acquire(u"b"_s).granted());
        QVERIFY(f.acquire(u"c"_s).granted());
        const Decision waiting = f.acquire(u"d"_s);
        QVERIFY(waiting.queued());
        QCOMPARE(f.engine->release(waiting.id).error().code, reasonCode(Reason::InvalidRequest));
    }

    void pauseKeepsAcceptingButGrantsNothing()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.engine->pause(u"llm"_s));
        const Decision d = f.acquire(u"a"_s);
        QCOMPARE(d.reason, Reason::PoolPaused);
        QCOMPARE(f.status().mode, PoolMode::Paused);
        QVERIFY(f.engine->resume(u"llm"_s));
        QVERIFY(f.engine->request(d.id)->active);
        QCOMPARE(f.engine->pause(u"nope"_s).error().code, reasonCode(Reason::UnknownPool));
    }

    void resumeLiftsAnUpstreamThrottle()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.start();
        const RequestId holder = f.acquire(u"a"_s).id;
        const Decision waiting = f.acquire(u"b"_s);
        QVERIFY(waiting.queued());
        QVERIFY(f.engine->throttle(u"llm"_s, 60'000));
        QCOMPARE(f.status().throttledUntil, EngineFixture::kStart + 60'000);
        QVERIFY(f.engine->release(holder));
        QVERIFY(!f.engine->request(waiting.id)->active);  // the throttle holds the queue
        QVERIFY(f.engine->resume(u"llm"_s));
        QCOMPARE(f.status().throttledUntil, 0);
        QVERIFY(f.engine->request(waiting.id)->active);  // granted at once, not in a minute
        QVERIFY(f.engine->release(waiting.id));
        QVERIFY(f.acquire(u"c"_s).granted());
    }

    void drainFinishesWhatIsThereAndRefusesTheRest()
    {
        EngineFixture f;
        f.start();
        const RequestId a = f.acquire(u"a"_s).id;
        const RequestId b = f.acquire(u"b"_s).id;
        const RequestId c = f.acquire(u"c"_s).id;
        QVERIFY(f.engine->drain(u"llm"_s));
        PoolStatus s = f.status();
        QCOMPARE(s.mode, PoolMode::Draining);
        QCOMPARE(s.drainTotal, 3);
        QCOMPARE(f.acquire(u"new"_s).reason, Reason::PoolDraining);
        QVERIFY(f.engine->release(a));
        QVERIFY(f.engine->request(c)->active);  // queued work still runs
        QCOMPARE(f.status().drainRemaining, 2);
        QVERIFY(f.engine->release(b));
        QVERIFY(f.engine->release(c));
        QCOMPARE(f.status().mode, PoolMode::Drained);
        QCOMPARE(f.status().drainRemaining, 0);
        QVERIFY(f.engine->resume(u"llm"_s));
        QVERIFY(f.acquire(u"new"_s).granted());
    }

    void purgeFailsEveryWaitingTicket()
    {
        EngineFixture f;
        f.start();
        const RequestId lease = f.acquire(u"a"_s).id;
        QVERIFY(f.acquire(u"b"_s).granted());
        QVERIFY(f.acquire(u"c"_s).queued());
        QVERIFY(f.acquire(u"d"_s).queued());
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        qint64 purged = 0;
        QVERIFY(f.engine->purge(u"llm"_s, &purged));
        QCOMPARE(purged, 2);
        QCOMPARE(ended.count(), 2);
        for (const auto &call : ended)
            QCOMPARE(call.at(2).value<Reason>(), Reason::QueuePurged);
        QCOMPARE(f.status().waiting, 0);
        QCOMPARE(f.status().inUse, 2);  // running leases untouched
        QVERIFY(f.engine->request(lease)->active);
    }

    void reconfigureKeepsState()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"a"_s, {}, 100).granted());
        QVERIFY(f.acquire(u"b"_s, {}, 100).granted());
        const RequestId waiting = f.acquire(u"c"_s).id;
        f.pool().maxConcurrent = 3;
        f.pool().requestsPerMinute = 50;
        QVERIFY(f.engine->reconfigure(f.config));
        QVERIFY(f.engine->request(waiting)->active);  // the new slot was used at once
        QCOMPARE(f.status().windowRequests, 3);       // the window was kept, not refilled
        QCOMPARE(f.status().windowTokens, 200);

        EngineConfig withoutPool = f.config;
        PoolConfig other = f.pool();
        other.name = u"tts"_s;
        withoutPool.pools = {other};
        const Result<Done> refused = f.engine->reconfigure(withoutPool);
        QCOMPARE(refused.error().code, reasonCode(Reason::InvalidRequest));
        QVERIFY(refused.error().message.contains(u"drain it"_s));
        QVERIFY(f.engine->poolStatus(u"llm"_s));  // nothing changed
    }

    void removedTierFallsBackToDefault()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"alice"_s, u"pro"_s).granted());
        f.config.tiers.removeLast();
        QVERIFY(f.engine->reconfigure(f.config));
        QCOMPARE(f.engine->userQuota(u"alice"_s).tier, u"free"_s);
        QCOMPARE(f.engine->tierUsageToday().value(u"free"_s).requests, 1);
    }

    void restoredQueueKeepsOrderAndIds()
    {
        EngineFixture f;
        f.pool().maxQueueLength = 10;
        f.start();
        const RequestId lease = f.acquire(u"x"_s, {}, 40, true, u"ctx"_s).id;
        QVERIFY(f.acquire(u"y"_s).granted());
        QList<RequestId> tickets;
        for (const auto &[user, tier] : {std::pair{u"a"_s, u"free"_s}, {u"b"_s, u"pro"_s},
                                         {u"c"_s, u"free"_s}, {u"d"_s, u"pro"_s}})
            tickets.append(f.acquire(user, tier).id);
        // The state without y's lease, in reverse order: the import must sort.
        EngineState state = f.engine->exportState();
        const RequestId y = state.requests.last().id;
        state.requests.removeLast();
        std::reverse(state.requests.begin(), state.requests.end());
        state.pools[0].window.removeIf([y](const auto &a) { return a.lease == y; });
        QCOMPARE(state.requests.first().contextId, u"ctx"_s);
        QCOMPARE(state.requests.first().id, lease);

        Engine restored(f.clock, f.config);
        QVERIFY(restored.importState(state));
        for (const RequestId id : tickets)
            QCOMPARE(restored.request(id)->position, f.engine->request(id)->position);
        QCOMPARE(restored.poolStatus(u"llm"_s)->inUse, 1);
        QCOMPARE(restored.poolStatus(u"llm"_s)->windowTokens, 40);
        QVERIFY(restored.release(lease));
        QVERIFY(restored.request(tickets[1])->active);  // b (pro) was first in line
        // New ids never collide with restored ones.
        AcquireRequest more;
        more.pool = u"llm"_s;
        more.user = u"z"_s;
        QVERIFY(!tickets.contains(restored.acquire(more).id));
    }
};

QTEST_GUILESS_MAIN(TestEngineLeases)
#include "tst_engineleases.moc"
