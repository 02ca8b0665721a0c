#include "engine/UsageLedger.h"
#include "util/ManualClock.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kHour = 3600'000;
constexpr TimeMs kMidnight = 1'767'225'600'000; // 2026-01-01 00:00 UTC
constexpr int kPools = 2;
enum Tier : quint8
{
    Free,
    Pro
};

EngineConfig configWith(int resetMinuteUtc)
{
    EngineConfig config;
    config.quotaResetMinuteUtc = resetMinuteUtc;
    config.pools.resize(kPools);
    TierConfig free;
    free.name = u"free"_s;
    free.dailyRequests = 10;
    TierConfig pro;
    pro.name = u"pro"_s;
    pro.dailyRequests = 100;
    config.tiers = {free, pro};
    return config;
}

/// A ledger on a manual clock at 10:00 UTC, with users added as they are named.
struct Ledger
{
    ManualClock clock{kMidnight + 10 * kHour};
    UserTable users;
    UsageLedger ledger;

    explicit Ledger(int resetMinuteUtc = 0)
        : ledger(clock, users, configWith(resetMinuteUtc))
    {}
    quint32 user(const QString &id, quint8 tier = Free) { return users.obtain(id, tier); }
    void use(const QString &id, int requests, int pool = 0)
    {
        const quint32 index = user(id);
        for (int i = 0; i < requests; ++i)
            ledger.add(index, pool, users[index].tier, 1, 100, 5, 0);
    }
    QStringList visited() const
    {
        QStringList ids;
        ledger.forEachUserToday(
            [&ids](const QString &id, const UserRecord &, qint64) { ids << id; });
        ids.sort();
        return ids;
    }
};
} // namespace

class TestUsageLedger : public QObject
{
    Q_OBJECT
private slots:
    void aDayBeginsAtTheResetMinute_data()
    {
        QTest::addColumn<int>("resetMinute");
        QTest::addColumn<qint64>("stepMs");
        QTest::addColumn<bool>("newDay");
        QTest::newRow("midnight, not yet") << 0 << 14 * kHour - 1 << false;
        QTest::newRow("midnight, reached") << 0 << 14 * kHour << true;
        QTest::newRow("10:30, not yet") << 630 << qint64(30 * 60'000 - 1) << false;
        QTest::newRow("10:30, reached") << 630 << qint64(30 * 60'000) << true;
        QTest::newRow("two days at once") << 0 << 48 * kHour << true;
    }
    void aDayBeginsAtTheResetMinute()
    {
        QFETCH(int, resetMinute);
        QFETCH(qint64, stepMs);
        QFETCH(bool, newDay);
        Ledger f(resetMinute);
        const qint32 today = f.ledger.today();
        const TimeMs reset = f.ledger.nextReset();
        QCOMPARE(reset > f.clock.wallNow(), true);
        QCOMPARE(reset - f.clock.wallNow() <= 24 * kHour, true);
        f.clock.advance(stepMs);
        QCOMPARE(f.ledger.rollDay(), newDay);
        QCOMPARE(f.ledger.today() > today, newDay);
        QCOMPARE(f.ledger.nextReset() > reset, newDay);
        QCOMPARE(f.ledger.rollDay(), false); // once per day
    }

    /// A wall clock stepped back over the reset neither wipes today nor brings yesterday.
    void daysGoOnlyForward()
    {
        Ledger f;
        f.use(u"alice"_s, 3);
        f.use(u"bob"_s, 2);
        f.clock.stepWall(-11 * kHour); // 23:00 the day before
        QVERIFY(!f.ledger.rollDay());
        QCOMPARE(f.ledger.tierUsage(Free).requests, 5);
        f.clock.stepWall(25 * kHour); // 00:00 the next day
        QVERIFY(f.ledger.rollDay());
        QCOMPARE(f.ledger.tierUsage(Free).requests, 0);
        QCOMPARE(f.ledger.tierUsage(Free).users, 0);
        QCOMPARE(f.ledger.poolTierUsage(0, Free).tokens, 0);
        UserRecord &bob = f.users[f.user(u"bob"_s)];
        QCOMPARE(bob.requests, 2); // until the user's counters are rolled
        QVERIFY(!f.ledger.usedToday(bob));
        f.ledger.roll(bob);
        QCOMPARE(bob.requests, 0);
        QCOMPARE(bob.day, f.ledger.today());
        f.use(u"alice"_s, 1); // adding rolls the user first
        QCOMPARE(f.users[f.user(u"alice"_s)].requests, 1);
        QCOMPARE(f.ledger.tierUsage(Free).users, 1);
    }

    void countsPerUserPoolAndTier()
    {
        Ledger f;
        f.use(u"a"_s, 2, 0);
        f.use(u"a"_s, 1, 1);
        f.use(u"b"_s, 1, 1);
        const quint32 p = f.user(u"p"_s, Pro);
        f.ledger.add(p, 0, Pro, 1, 700, 40, 0);
        f.ledger.add(p, 0, Pro, 0, -200, 0, 0); // usage reported below the estimate
        QCOMPARE(f.users[f.user(u"a"_s)].requests, 3);
        QCOMPARE(f.users[f.user(u"a"_s)].tokens, 300);
        QCOMPARE(f.users[f.user(u"a"_s)].costNanoUsd, 15);
        QCOMPARE(f.ledger.poolTierUsage(0, Free).requests, 2);
        QCOMPARE(f.ledger.poolTierUsage(1, Free).requests, 2);
        const UsageCounters free = f.ledger.tierUsage(Free);
        QCOMPARE(free.requests, 4);
        QCOMPARE(free.tokens, 400);
        QCOMPARE(free.costNanoUsd, 20);
        QCOMPARE(free.users, 2); // a and b, each once whatever the pool
        const UsageCounters pro = f.ledger.tierUsage(Pro);
        QCOMPARE(pro.requests, 1);
        QCOMPARE(pro.tokens, 500);
        QCOMPARE(pro.users, 1);
        QCOMPARE(f.ledger.poolTierUsage(-1, Free).requests, 0);
        QCOMPARE(f.ledger.poolTierUsage(0, 7).requests, 0);
    }

    /// A refund takes a request back; it does not count the user as one more of the tier.
    void aRefundIsNoNewUser()
    {
        Ledger f;
        const quint32 a = f.user(u"a"_s);
        f.ledger.add(a, 0, Free, 1, 10, 0, 0);
        f.ledger.add(a, 0, Free, -1, 0, 0, 0);
        QCOMPARE(f.users[a].requests, 0);
        QCOMPARE(f.ledger.tierUsage(Free).users, 1);
        QVERIFY(!f.ledger.usedToday(f.users[a]));
    }

    void watchIndexHoldsUsersNearTheirQuota()
    {
        Ledger f; // free: 10 a day, pro: 100
        f.use(u"light"_s, 1);
        f.use(u"heavy"_s, 6);
        QCOMPARE(f.visited(), (QStringList{u"heavy"_s, u"light"_s})); // no index: everyone
        f.ledger.watchUsersAbove(0.7);
        QCOMPARE(f.visited(), QStringList());
        f.use(u"heavy"_s, 1);
        QCOMPARE(f.visited(), QStringList{u"heavy"_s}); // 7 of 10
        f.ledger.watchUsersAbove(0.5);                  // rebuilt from every user
        QCOMPARE(f.visited(), QStringList{u"heavy"_s});
        f.use(u"light"_s, 4);
        QCOMPARE(f.visited(), (QStringList{u"heavy"_s, u"light"_s}));
        f.clock.advance(24 * kHour);
        QVERIFY(f.ledger.rollDay());
        QCOMPARE(f.visited(), QStringList()); // a new day empties the index
        f.use(u"heavy"_s, 1);
        QCOMPARE(f.visited(), QStringList()); // 1 of 10: yesterday's 7 are gone
        f.ledger.watchUsersAbove(-1);
        QCOMPARE(f.visited(), QStringList{u"heavy"_s}); // off: everyone with usage today
    }

    void aLowerQuotaCanPutAUserInTheIndex()
    {
        Ledger f;
        const quint32 p = f.user(u"p"_s, Pro);
        for (int i = 0; i < 8; ++i)
            f.ledger.add(p, 0, Pro, 1, 0, 0, 0);
        f.ledger.watchUsersAbove(0.5);
        QCOMPARE(f.visited(), QStringList()); // 8 of 100
        f.users[p].tier = Free;
        f.ledger.tierChanged(p);
        QCOMPARE(f.visited(), QStringList{u"p"_s}); // 8 of 10
        qint64 limit = 0;
        f.ledger.forEachUserToday(
            [&limit](const QString &, const UserRecord &, qint64 l) { limit = l; });
        QCOMPARE(limit, 10);
    }

    void restoredUsageAddsUp()
    {
        Ledger f;
        const quint32 a = f.user(u"a"_s);
        f.ledger.restoreUser(a, 4, 400, 9, 0);
        f.ledger.restoreUser(a, 1, 100, 1, 0);
        QCOMPARE(f.users[a].requests, 5);
        QCOMPARE(f.users[a].tokens, 500);
        QCOMPARE(f.users[a].costNanoUsd, 10);
        QCOMPARE(f.users[a].day, f.ledger.today());
        f.ledger.restorePoolTier(1, Pro, UsageCounters{20, 2000, 30, 0});
        f.ledger.restorePoolTier(1, Pro, UsageCounters{1, 100, 0, 0});
        f.ledger.restoreTierUsers(Pro, 3);
        f.ledger.restoreTierUsers(Pro, 1);
        QCOMPARE(f.ledger.poolTierUsage(1, Pro).requests, 21);
        QCOMPARE(f.ledger.tierUsage(Pro).tokens, 2100);
        QCOMPARE(f.ledger.tierUsage(Pro).users, 4);
    }

    /// A new configuration moves today's counters to the new indices: a removed pool's usage
    /// is dropped, tiers swap places, then merge into one.
    void reconfigureMovesTheCounters()
    {
        Ledger f;
        f.use(u"a"_s, 2, 0);
        f.use(u"b"_s, 3, 1);
        const quint32 p = f.user(u"p"_s, Pro);
        f.ledger.add(p, 1, Pro, 1, 50, 0, 0);
        EngineConfig swapped = configWith(0);
        swapped.pools.resize(1);
        swapped.tiers = {swapped.tiers[1], swapped.tiers[0]};
        f.ledger.reconfigure(swapped, {-1, 0}, {1, 0});
        QCOMPARE(f.ledger.poolTierUsage(0, 1).requests, 3); // b's, now at "free"'s new index
        QCOMPARE(f.ledger.poolTierUsage(0, 0).requests, 1); // p's
        QCOMPARE(f.ledger.poolTierUsage(0, 0).tokens, 50);
        QCOMPARE(f.ledger.tierUsage(1).users, 2); // a and b: tier users are not per pool
        QCOMPARE(f.ledger.tierUsage(0).users, 1);
        QCOMPARE(f.ledger.poolTierUsage(1, 0).requests, 0);
        EngineConfig merged = swapped;
        merged.tiers.removeLast();
        f.ledger.reconfigure(merged, {0}, {0, 0});
        QCOMPARE(f.ledger.poolTierUsage(0, 0).requests, 4);
        QCOMPARE(f.ledger.tierUsage(0).users, 3);
        QCOMPARE(f.ledger.tierUsage(1).requests, 0);
    }

    void reconfigureTakesTheNewResetMinute()
    {
        Ledger f; // 10:00, reset at midnight
        const qint32 today = f.ledger.today();
        f.ledger.reconfigure(configWith(9 * 60), {0, 1}, {Free, Pro});
        QCOMPARE(f.ledger.nextReset(), kMidnight + 33 * kHour); // tomorrow 09:00
        QVERIFY(!f.ledger.rollDay());                           // today began at 09:00
        QCOMPARE(f.ledger.today(), today);
        f.ledger.reconfigure(configWith(11 * 60), {0, 1}, {Free, Pro});
        QVERIFY(!f.ledger.rollDay()); // the day goes on until tomorrow 11:00
        QCOMPARE(f.ledger.nextReset(), kMidnight + 35 * kHour);
        f.clock.advance(25 * kHour - 1);
        QVERIFY(!f.ledger.rollDay());
        f.clock.advance(1);
        QVERIFY(f.ledger.rollDay());
    }
};

QTEST_GUILESS_MAIN(TestUsageLedger)
#include "tst_usageledger.moc"
