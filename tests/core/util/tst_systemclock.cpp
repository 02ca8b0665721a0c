#include "util/SystemClock.h"

#include <QTest>

using namespace sluice;

namespace {
qint64 g_wall = 0;
qint64 g_monotonic = 0;
qint64 fakeWall()
{
    return g_wall;
}
qint64 fakeMonotonic()
{
    return g_monotonic;
}
constexpr qint64 kStart = 1'767'261'600'000; // 2026-01-01 10:00 UTC
constexpr qint64 kHour = 3'600'000;
} // namespace

/// Durations follow the monotonic clock; only the calendar follows the wall clock.
class TestSystemClock : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        g_wall = kStart;
        g_monotonic = 123'456;
    }

    /// The wall clock used to be clamped: after an NTP step back of an hour, time stood still
    /// for an hour and no timeout, lease expiry or window moved.
    void aStepBackDoesNotStopTime()
    {
        const SystemClock clock(fakeWall, fakeMonotonic);
        QCOMPARE(clock.now(), kStart);
        g_wall -= kHour;
        g_monotonic += 1000;
        QCOMPARE(clock.now(), kStart + 1000);
        QCOMPARE(clock.wallNow(), kStart - kHour);
        g_monotonic += 500;
        QCOMPARE(clock.now(), kStart + 1500);
    }

    void aStepForwardDoesNotExpireEverything()
    {
        const SystemClock clock(fakeWall, fakeMonotonic);
        g_wall += 2 * kHour;
        g_monotonic += 10;
        QCOMPARE(clock.now(), kStart + 10);
        QCOMPARE(clock.wallNow(), kStart + 2 * kHour);
    }

    void theRealClocksAgreeUntilTheWallIsStepped()
    {
        const SystemClock first;
        const SystemClock second; // same anchor: one timeline per process
        const TimeMs a = first.now();
        const TimeMs b = second.now();
        QVERIFY(b >= a);
        QVERIFY(b - a < 1000);
        QVERIFY(qAbs(first.wallNow() - first.now()) < 60'000); // this machine is not stepping
    }
};

QTEST_GUILESS_MAIN(TestSystemClock)
#include "tst_systemclock.moc"
