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
        QVERIFY(!a.secret.isNull());
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
