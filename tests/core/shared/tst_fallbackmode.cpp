// FallbackMode: when a replica's local_share pools decide alone, with hysteresis, on times
// given by the test.

#include "shared/FallbackMode.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestFallbackMode : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kStart = 1'000'000;

    /// A mode whose link was ready and then lost at kStart.
    static FallbackMode lostAtStart()
    {
        FallbackMode mode;
        mode.linkChanged(true, kStart - 10'000);
        mode.linkChanged(false, kStart);
        return mode;
    }

private slots:
    void entersAtOnceWhenTheLinkIsLost()
    {
        const FallbackMode mode = lostAtStart();
        QVERIFY(mode.active());
        QCOMPARE(mode.since(), kStart);
        QVERIFY(mode.reason().contains(u"lost"_s));
        QCOMPARE(mode.entered(), 1u);
    }

    void entersAfterThreeFailuresInARowNotTwo()
    {
        FallbackMode mode;
        mode.linkChanged(true, kStart);
        mode.callFailed(kStart + 1, u"timed out"_s);
        mode.callFailed(kStart + 2, u"timed out"_s);
        QVERIFY(!mode.active());
        mode.callSucceeded(kStart + 3); // the count starts again
        mode.callFailed(kStart + 4, u"timed out"_s);
        mode.callFailed(kStart + 5, u"timed out"_s);
        QVERIFY(!mode.active());
        mode.callFailed(kStart + 6, u"ERR busy"_s);
        QVERIFY(mode.active());
        QCOMPARE(mode.since(), kStart + 6);
        QVERIFY2(mode.reason().contains(u"ERR busy"_s), qPrintable(mode.reason()));
    }

    void leavesOnlyAfterRedisAnsweredForFiveSeconds()
    {
        FallbackMode mode = lostAtStart();
        QVERIFY(!mode.tryLeave(kStart + 60'000, false)); // still lost
        mode.linkChanged(true, kStart + 60'000);
        QVERIFY(!mode.tryLeave(kStart + 60'000 + FallbackMode::kLeaveAfterMs - 1, false));
        QVERIFY(mode.active());
        QVERIFY(mode.tryLeave(kStart + 60'000 + FallbackMode::kLeaveAfterMs, false));
        QVERIFY(!mode.active());
        QCOMPARE(mode.since(), kStart + 60'000 + FallbackMode::kLeaveAfterMs);
        QVERIFY(mode.reason().isEmpty());
    }

    void aFailureWhileRecoveringStartsTheWaitAgain()
    {
        FallbackMode mode = lostAtStart();
        mode.linkChanged(true, kStart + 1000);
        mode.callFailed(kStart + 4000, u"timed out"_s);
        QVERIFY(!mode.tryLeave(kStart + 6000, false)); // 5 s after the link, but not healthy
        mode.callSucceeded(kStart + 7000);
        QVERIFY(!mode.tryLeave(kStart + 11'999, false));
        QVERIFY(mode.tryLeave(kStart + 12'000, false));
        QCOMPARE(mode.entered(), 1u); // failures while already alone do not enter again
    }

    void staysWhileLeasesGrantedAloneAreNotRegistered()
    {
        FallbackMode mode = lostAtStart();
        mode.linkChanged(true, kStart + 1000);
        QVERIFY(!mode.recovered(kStart + 1000 + FallbackMode::kLeaveAfterMs - 1));
        // Recovered (nothing new is decided alone), but not left while leases granted alone
        // are not registered.
        QVERIFY(mode.recovered(kStart + 1000 + FallbackMode::kLeaveAfterMs));
        QVERIFY(!mode.tryLeave(kStart + 60'000, true));
        QVERIFY(mode.active());
        QVERIFY(mode.tryLeave(kStart + 60'001, false));
        QVERIFY(!mode.recovered(kStart + 60'001));
    }

    void aSuccessBeforeTheLinkIsBackDoesNotCount()
    {
        FallbackMode mode = lostAtStart();
        mode.callSucceeded(kStart + 1000); // a late answer on the old connection
        mode.linkChanged(true, kStart + 9000);
        QVERIFY(!mode.tryLeave(kStart + 9000 + FallbackMode::kLeaveAfterMs - 1, false));
        QVERIFY(mode.tryLeave(kStart + 9000 + FallbackMode::kLeaveAfterMs, false));
    }
};

QTEST_GUILESS_MAIN(TestFallbackMode)
#include "tst_fallbackmode.moc"
