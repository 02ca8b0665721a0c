// Shared mode: the engine records what the shared admission (Redis) decided and never grants
// from its queue by itself.

#include "EngineFixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestEngineShared : public QObject
{
    Q_OBJECT

    static AcquireRequest request(const QString &user)
    {
        AcquireRequest r;
        r.pool = u"llm"_s;
        r.user = user;
        return r;
    }

private slots:
    void recordsLeasesWithoutCheckingLimitsHere()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.start();
        f.engine->setShared(true);
        // Redis granted two: the other replica's lease freed a slot this engine never saw.
        const Decision a = f.engine->record(request(u"alice"_s), Outcome::Granted);
        const Decision b = f.engine->record(request(u"bob"_s), Outcome::Granted);
        QVERIFY(a.granted());
        QVERIFY(b.granted());
        QVERIFY(!f.engine->access(a.id)->secret.isNull());
        QCOMPARE(f.status().activeLeases, 2);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }

    void heldTicketWaitsForTheSharedGrant()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.start();
        f.engine->setShared(true);
        const Decision lease = f.engine->record(request(u"alice"_s), Outcome::Granted);
        const Decision ticket = f.engine->record(request(u"bob"_s), Outcome::Queued);
        QVERIFY(ticket.queued());
        QCOMPARE(ticket.position, 1);
        QSignalSpy granted(f.engine.get(), &Engine::requestGranted);
        QVERIFY(f.engine->release(lease.id));
        f.advance(1000);
        // A local engine would grant bob now; a shared one waits for Redis's word.
        QCOMPARE(granted.count(), 0);
        QVERIFY(!f.engine->request(ticket.id)->active);
        QVERIFY(f.engine->grantHeld(ticket.id));
        QCOMPARE(granted.count(), 1);
        QVERIFY(f.engine->request(ticket.id)->active);
        QCOMPARE(f.engine->grantHeld(ticket.id).error().code, reasonCode(Reason::InvalidRequest));
        QCOMPARE(f.engine->grantHeld(RequestId(12345)).error().code,
                 reasonCode(Reason::UnknownRequest));
    }

    void localEngineStillDispatches()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.start();
        const RequestId lease = f.acquire(u"alice"_s).id;
        const RequestId ticket = f.acquire(u"bob"_s).id;
        QVERIFY(f.engine->release(lease));
        QVERIFY(f.engine->request(ticket)->active);
    }

    void endsWhatTheSharedAdmissionEnded()
    {
        EngineFixture f;
        f.start();
        f.engine->setShared(true);
        const Decision ticket = f.engine->record(request(u"bob"_s), Outcome::Queued);
        QSignalSpy ended(f.engine.get(), &Engine::requestEnded);
        QVERIFY(f.engine->endShared(ticket.id, Reason::QueuePurged));
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(2).value<Reason>(), Reason::QueuePurged);
        QVERIFY(!f.engine->endShared(ticket.id, Reason::QueuePurged));
    }

    void decidingAloneTakesItsShareOfEachLimit()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 5;
        f.pool().requestsPerMinute = 7;
        f.start();
        f.engine->setShared(true);
        // Redis queued a ticket here before it went away: it does not hold back decisions
        // made alone (it waits for Redis), but its lease-holder still counts.
        QVERIFY(f.engine->record(request(u"zoe"_s), Outcome::Granted).granted());
        QVERIFY(f.engine->record(request(u"yan"_s), Outcome::Queued).queued());
        // 3 replicas: ceil(5 / 3) = 2 slots here, zoe's among them.
        const Decision alice = f.engine->acquireAlone(request(u"alice"_s), 3);
        QVERIFY(alice.granted());
        QVERIFY(!f.engine->access(alice.id)->secret.isNull());
        AcquireRequest bob = request(u"bob"_s);
        bob.wait = true; // nothing queues while deciding alone
        QSignalSpy rejected(f.engine.get(), &Engine::requestRejected);
        const Decision refused = f.engine->acquireAlone(bob, 3);
        QCOMPARE(refused.outcome, Outcome::Rejected);
        QCOMPARE(refused.reason, Reason::RateLimited);
        QVERIFY(refused.retryAfterMs > 0);
        QCOMPARE(rejected.count(), 1);
        // Alone, every replica gets the whole limit.
        QVERIFY(f.engine->acquireAlone(request(u"bob"_s), 1).granted());
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }

    void decidingAloneSharesTheWindowToo()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 100;
        f.pool().requestsPerMinute = 5;
        f.start();
        f.engine->setShared(true);
        // 2 replicas: ceil(5 / 2) = 3 requests a minute here.
        for (const QString &user : {u"a"_s, u"b"_s, u"c"_s})
            QVERIFY(f.engine->acquireAlone(request(user), 2).granted());
        const Decision refused = f.engine->acquireAlone(request(u"d"_s), 2);
        QCOMPARE(refused.reason, Reason::RateLimited);
        QVERIFY2(refused.retryAfterMs > 0 && refused.retryAfterMs <= 60'000,
                 qPrintable(QString::number(refused.retryAfterMs)));
        f.advance(60'001);
        QVERIFY(f.engine->acquireAlone(request(u"d"_s), 2).granted());
        // More tokens than this replica's share of the TPM window (1000 / 2) never fit here.
        AcquireRequest large = request(u"e"_s);
        large.tokens = 600;
        const Decision tooLarge = f.engine->acquireAlone(large, 2);
        QCOMPARE(tooLarge.reason, Reason::RateLimited);
        QCOMPARE(tooLarge.limit, 500);
        QVERIFY(tooLarge.retryAfterMs > 0);
        QVERIFY(f.engine->acquireAlone(large, 1).granted());
    }

    void poolsAddedLaterAreSharedToo()
    {
        EngineFixture f;
        f.start();
        f.engine->setShared(true);
        EngineConfig config = f.engine->config();
        PoolConfig tts = config.pools.first();
        tts.name = u"tts"_s;
        tts.maxConcurrent = 1;
        config.pools.append(tts);
        QVERIFY(f.engine->reconfigure(config));
        AcquireRequest r = request(u"alice"_s);
        r.pool = u"tts"_s;
        const Decision lease = f.engine->record(r, Outcome::Granted);
        r.user = u"bob"_s;
        const Decision ticket = f.engine->record(r, Outcome::Queued);
        QVERIFY(f.engine->release(lease.id));
        QVERIFY(!f.engine->request(ticket.id)->active);
    }
};

QTEST_GUILESS_MAIN(TestEngineShared)
#include "tst_engineshared.moc"
