#include "EngineFixture.h"
#include "store/StoreRecords.h"
#include <QSignalSpy>
#include <QTest>
using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestEngineEdgeCases : public QObject
{
    Q_OBJECT
private slots:
    // Found in review: purge ended tickets one by one and each end() dispatched, so a ticket
    // further down the list could be granted and then "purged" as a lease.
    void purgeGrantsThenKillsALease()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 10;
        f.pool().requestsPerMinute.reset();
        f.start();
        QVERIFY(f.acquire(u"a"_s, u"pro"_s, 600).granted());
        const Decision b = f.acquire(u"b"_s, u"pro"_s, 600);
        QCOMPARE(b.reason, Reason::TokensPerMinute);
        const Decision c = f.acquire(u"c"_s, u"pro"_s, 100);
        QVERIFY(c.queued());
        QSignalSpy granted(f.engine.get(), &Engine::requestGranted);
        qint64 purged = 0;
        QVERIFY(f.engine->purge(u"llm"_s, &purged));
        QCOMPARE(purged, 2);
        QCOMPARE(granted.count(), 0);  // nothing is granted halfway through a purge
        QCOMPARE(f.engine->userQuota(u"c"_s).requestsToday, 0);
    }

    // Found in review: a ticket failed (quota) inside purge's dispatch was ended a second time,
    // its slot went on the free list twice and two later requests shared one slot.
    void purgeDoubleFreesASlot()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 10;
        f.pool().requestsPerMinute.reset();
        f.tier(0).dailyRequests = 2;  // free: 2/day, 1 at a time
        f.start();
        QVERIFY(f.acquire(u"a"_s, u"pro"_s, 600).granted());
        const RequestId c1 = f.acquire(u"c"_s, u"free"_s, 0).id;
        QVERIFY(f.engine->request(c1)->active);
        QVERIFY(f.acquire(u"b"_s, u"pro"_s, 600).queued());
        QVERIFY(f.acquire(u"c"_s, u"free"_s, 100).queued());
        QVERIFY(f.acquire(u"c"_s, u"free"_s, 100).queued());
        QVERIFY(f.engine->release(c1));
        qint64 purged = 0;
        QVERIFY(f.engine->purge(u"llm"_s, &purged));
        QCOMPARE(f.status().inUse, 1);  // a still holds its lease
        QCOMPARE(f.status().activeLeases, 1);
        QCOMPARE(f.engine->requests().live(), size_t(1));
        const Decision x = f.acquire(u"x"_s, u"pro"_s, 0);
        const Decision y = f.acquire(u"y"_s, u"pro"_s, 0);
        QCOMPARE(f.status().inUse, 3);  // a, x, y
        QVERIFY((x.id & 0xffffffffu) != (y.id & 0xffffffffu));
        QVERIFY(f.engine->request(x.id) && f.engine->request(y.id));
    }

    // A request joining a context that holds its slot needs no slot: it does not wait behind
    // tickets that need one.
    void contextRequestBlockedBehindSlotNeeders()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.pool().requestsPerMinute.reset();
        f.start();
        const Decision first = f.acquire(u"u"_s, u"pro"_s, 0, true, u"conv"_s);
        QVERIFY(first.granted());
        QVERIFY(f.acquire(u"v"_s, u"pro"_s).queued());
        const Decision second = f.acquire(u"u"_s, u"pro"_s, 0, true, u"conv"_s);
        QVERIFY(second.granted());
        QCOMPARE(f.status().inUse, 1);
    }

    void aSideNotReportedKeepsTheEstimate_data()
    {
        QTest::addColumn<qint64>("input");
        QTest::addColumn<qint64>("output");
        QTest::addColumn<qint64>("counted");
        QTest::newRow("both") << qint64(300) << qint64(200) << qint64(500);
        QTest::newRow("output only: input keeps the estimate") << qint64(-1) << qint64(200) << qint64(1200);
        QTest::newRow("input only") << qint64(300) << qint64(-1) << qint64(300);
        QTest::newRow("neither: the estimate stands") << qint64(-1) << qint64(-1) << qint64(1000);
    }

    void aSideNotReportedKeepsTheEstimate()
    {
        QFETCH(qint64, input);
        QFETCH(qint64, output);
        QFETCH(qint64, counted);
        EngineFixture f;
        f.pool().tokensPerMinute.reset();
        f.start();
        const RequestId id = f.acquire(u"a"_s, {}, 1000).id;
        QVERIFY(f.engine->release(id, Usage{input, output, {}, false}));
        QCOMPARE(f.engine->userQuota(u"a"_s).tokensToday, counted);
        QCOMPARE(f.status().windowTokens, counted);
    }

    void idleUsersAreForgottenWhenTheDayTurns()
    {
        EngineFixture f;
        f.pool().leaseIdleTimeoutMs = 2 * 24 * 3600'000;  // "holding" keeps its lease all day
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"gone"_s).id));
        const RequestId holding = f.acquire(u"holding"_s).id;
        QVERIFY(f.engine->setUserTier(u"pinned"_s, u"pro"_s));
        f.clock.advance(24 * 3600'000);
        f.engine->advance();
        QVERIFY(!f.engine->userQuota(u"gone"_s).known);
        QVERIFY(f.engine->userQuota(u"holding"_s).known);  // still holds a lease
        QVERIFY(f.engine->userQuota(u"pinned"_s).known);
        QVERIFY(f.engine->request(holding));
        QVERIFY(f.engine->request(holding)->active);
        QVERIFY(f.acquire(u"newcomer"_s).granted());  // a freed index serves someone new
        QCOMPARE(f.engine->userQuota(u"newcomer"_s).requestsToday, 1);
    }

    /// A stream of ever-new users is swept a few slots per acquire, never all at once: no
    /// acquire pays for every user the engine knows.
    void idleUsersAreSweptAFewAtATime()
    {
        EngineFixture f;
        f.pool().maxConcurrent = 1;
        f.pool().requestsPerMinute.reset();
        f.tier(0).dailyRequests = 0; // every newcomer is refused: known, yet idle
        f.start();
        constexpr int kUsers = 65'536; // the first sweep threshold
        for (int i = 0; i < kUsers; ++i)
            QCOMPARE(f.acquire(u"u%1"_s.arg(i), u"free"_s).reason, Reason::UserLimitExceeded);
        QCOMPARE(f.engine->knownUsers(), kUsers);
        f.acquire(u"one-more"_s, u"free"_s); // starts a pass: a few slots, not all of them
        QCOMPARE(f.engine->knownUsers(), kUsers - 32 + 1);
        for (int i = 0; i < kUsers / 32; ++i)
            f.acquire(u"one-more"_s, u"free"_s);
        QVERIFY2(f.engine->knownUsers() < 64, qPrintable(QString::number(f.engine->knownUsers())));
    }

    /// With an index of users near their quota, the daily-quota samples visit only them: not
    /// everyone who made a request today.
    void usersNearTheirQuotaAreIndexed()
    {
        EngineFixture f; // free: 10 requests a day
        f.pool().maxConcurrent = 100;
        f.pool().requestsPerMinute.reset();
        f.pool().tokensPerMinute.reset();
        f.start();
        const auto visited = [&f] {
            QStringList users;
            f.engine->forEachUserToday(
                [&users](const QString &id, const UserRecord &, qint64) { users << id; });
            users.sort();
            return users;
        };
        const auto use = [&f](const QString &user, int requests) {
            for (int i = 0; i < requests; ++i)
                QVERIFY(f.engine->release(f.acquire(user).id));
        };
        use(u"light"_s, 1);
        use(u"heavy"_s, 6);
        QCOMPARE(visited(), (QStringList{u"heavy"_s, u"light"_s})); // no index: everyone
        f.engine->watchUsersAbove(0.7);
        QCOMPARE(visited(), QStringList()); // rebuilt: 6 of 10 is below 70%
        use(u"heavy"_s, 1);
        QCOMPARE(visited(), QStringList{u"heavy"_s});          // 7 of 10
        QVERIFY(f.engine->setUserTier(u"light"_s, u"free"_s)); // pinned, still 1 of 10
        QCOMPARE(visited(), QStringList{u"heavy"_s});
        f.clock.advance(24 * 3600'000); // a new quota day
        f.engine->advance();
        QCOMPARE(visited(), QStringList());
        use(u"light"_s, 8);
        QCOMPARE(visited(), QStringList{u"light"_s});
        f.engine->watchUsersAbove(-1); // off: everyone with usage today again
        QCOMPARE(visited(), QStringList{u"light"_s});
    }

    /// Quota days follow the wall clock (a step forward over midnight starts the new day),
    /// and only forward: a step back over the reset neither wipes today nor brings yesterday.
    void quotaDaysFollowTheWallClockForwardOnly()
    {
        constexpr qint64 kHour = 3600'000;
        EngineFixture f; // starts at 10:00 UTC, reset at midnight
        f.tier(0).dailyRequests = 1;
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id));
        QCOMPARE(f.acquire(u"alice"_s).reason, Reason::UserLimitExceeded);
        f.clock.stepWall(14 * kHour); // NTP corrects the wall clock to 00:00 the next day
        const Decision next = f.acquire(u"alice"_s);
        QVERIFY(next.granted());
        QVERIFY(f.engine->release(next.id));
        QCOMPARE(f.acquire(u"alice"_s).resetAt, EngineFixture::kStart + 38 * kHour);
        f.clock.stepWall(-2 * kHour); // and back to 22:00 the day before
        const Decision again = f.acquire(u"alice"_s);
        QCOMPARE(again.reason, Reason::UserLimitExceeded); // today's request still counts
        QCOMPARE(again.resetAt, EngineFixture::kStart + 38 * kHour);
        QCOMPARE(again.retryAfterMs, 26 * kHour); // until the reset, by the wall clock
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }
};
QTEST_GUILESS_MAIN(TestEngineEdgeCases)
#include "tst_engineedgecases.moc"
