#include "RuntimeFixture.h"

#include "store/Store.h"

#include <QSignalSpy>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestAlertDesk : public QObject
{
    Q_OBJECT

private slots:
    void alertsFireClearAndAreAcknowledged()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QSignalSpy events(&f.alerts(), &AlertDesk::alertEvent);
        QVERIFY(f.acquire(u"a"_s).granted());
        QVERIFY(f.acquire(u"b"_s).granted()); // 2 of 2 slots: 100%
        f.alerts().sample();
        QList<AlertRecord> active = f.alerts().active();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active[0].metric, u"pool_concurrency"_s);
        QCOMPARE(active[0].target, u"llm"_s);
        QCOMPARE(events.count(), 1);
        QVERIFY(f.alerts().acknowledge(active[0].id, u"olivia"_s));
        QCOMPARE(f.alerts().active()[0].ackedBy, u"olivia"_s);
        QVERIFY(!f.alerts().acknowledge(active[0].id, u"olivia"_s));
        EngineConfig wider = f.configVersions().config();
        wider.pools[0].maxConcurrent = 10; // 2 of 10: cleared
        QVERIFY(f.configVersions().apply(wider, u"admin"_s).ok());
        f.alerts().sample();
        QVERIFY(f.alerts().active().isEmpty());
        QVERIFY(f.runtime->flush()); // alert changes go to the store through the writer
        const QList<AlertRecord> history = f.runtime->store().alertHistory(10).value();
        QCOMPARE(history.size(), 1);
        QVERIFY(history[0].clearedAt > 0);
        const AlertRecord test = f.alerts().sendTest(u"olivia"_s);
        QCOMPARE(test.metric, u"test"_s);
        QVERIFY(f.runtime->flush());
        QCOMPARE(f.runtime->store().alertHistory(10).value().first().id, test.id);
    }

    void userQuotaAlertsFireForUsersNearTheirQuota()
    {
        RuntimeFixture f;
        EngineConfig config = EngineFixture::defaultTestConfig(); // free: 10 requests a day
        config.pools.first().maxConcurrent = 100;
        config.pools.first().requestsPerMinute.reset();
        config.pools.first().tokensPerMinute.reset();
        AlertRule users;
        users.id = u"user-quota"_s;
        users.metric = AlertMetric::UserDailyQuota;
        users.threshold = 0.8;
        users.clearBelow = 0.7;
        config.alertRules = {users};
        f.writeConfig(config);
        QVERIFY(f.open());
        for (int i = 0; i < 8; ++i)
            QVERIFY(f.engine().release(f.acquire(u"alice"_s).id));
        QVERIFY(f.engine().release(f.acquire(u"bob"_s).id));
        f.alerts().sample();
        const QList<AlertRecord> active = f.alerts().active();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.first().target, u"alice"_s);
        QVERIFY(f.engine().setUserTier(u"alice"_s, u"pro"_s)); // 8 of 100: clears by level
        f.alerts().sample();
        QVERIFY(f.alerts().active().isEmpty());
        QVERIFY(f.engine().setUserTier(u"alice"_s, u"free"_s));
        f.alerts().sample();
        QCOMPARE(f.alerts().active().size(), 1);
        f.clock.advance(24 * 3600'000); // a new quota day clears it
        f.runtime->advance();
        f.alerts().sample();
        QVERIFY(f.alerts().active().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlertDesk)
#include "tst_alertdesk.moc"
