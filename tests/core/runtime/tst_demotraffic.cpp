#include "RuntimeFixture.h"

#include "config/DefaultConfig.h"
#include "runtime/DemoTraffic.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestDemoTraffic : public QObject
{
    Q_OBJECT

private slots:
    void fillsPoolsAndFiresAlerts()
    {
        RuntimeFixture f;
        f.configPath.clear();  // the shipped default configuration
        QVERIFY(f.open());
        DemoTraffic demo(f.engine());
        bool quotaHit = false;
        connect(&f.engine(), &Engine::requestRejected, this,
                [&quotaHit](const QString &user, const QString &, const Decision &decision) {
                    quotaHit |= user.startsWith(u"demo-free-"_s) &&
                                decision.reason == Reason::UserLimitExceeded;
                });
        qint64 mostWaiting = 0;
        qint64 waitingLate = 0;
        int busiest = 0;
        for (int tick = 0; tick < 10 * 60 * 10; ++tick) {  // ten simulated minutes
            f.clock.advance(DemoTraffic::kTickMs);
            f.runtime->advance();
            demo.tick();
            const PoolStatus anthropic = *f.engine().poolStatus(u"anthropic"_s);
            mostWaiting = std::max(mostWaiting, anthropic.waiting);
            if (tick >= 9 * 60 * 10)
                waitingLate = std::max(waitingLate, anthropic.waiting);
            busiest = std::max(busiest, anthropic.inUse);
        }
        QVERIFY(demo.requestsMade() > 500);
        QCOMPARE(busiest, 5);          // the pool was full
        QVERIFY(mostWaiting > 0);      // and a queue formed
        QVERIFY(waitingLate > 0);      // still so after ten minutes: new users keep coming
        QVERIFY(quotaHit);             // free users ran out of their 10 a day
        QVERIFY(!f.alerts().active().isEmpty());
        demo.stop();
        for (const PoolStatus &pool : f.engine().pools()) {
            QCOMPARE(pool.inUse, 0);
            QCOMPARE(pool.waiting, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoTraffic)
#include "tst_demotraffic.moc"
