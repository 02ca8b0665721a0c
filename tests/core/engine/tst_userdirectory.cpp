#include "engine/UserDirectory.h"

#include <QSet>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {
enum Tier : quint8
{
    Free,
    Pro,
    Team
};

void addUsers(UserDirectory &users, qsizetype upTo)
{
    for (qsizetype i = users.live(); i < upTo; ++i)
        users.obtain(u"u%1"_s.arg(i), Free);
}
} // namespace

/// The user directory: finding and adding users, pinned and offered tiers, and the idle-user
/// sweep (it has no clock: passes are driven by acquires, timer ticks and new quota days).
class TestUserDirectory : public QObject
{
    Q_OBJECT
private slots:
    void usersAreFoundOrAdded()
    {
        UserDirectory users;
        QCOMPARE(users.find(u"a"_s), UserTable::kNone);
        const quint32 a = users.obtain(u"a"_s, Pro);
        QCOMPARE(users.obtain(u"a"_s, Free), a); // known: the tier stays
        QCOMPARE(users[a].tier, Pro);
        QCOMPARE(users.find(u"a"_s), a);
        QCOMPARE(users.obtain(u"b"_s, Free) != a, true);
        QCOMPARE(users.live(), 2);
    }

    void aRequestsTierGoesToUnpinnedUsersOnly_data()
    {
        QTest::addColumn<bool>("pinned");
        QTest::addColumn<quint8>("offered");
        QTest::addColumn<bool>("changed");
        QTest::addColumn<quint8>("tier");
        QTest::newRow("unpinned, another tier") << false << quint8(Team) << true << quint8(Team);
        QTest::newRow("unpinned, the same tier") << false << quint8(Pro) << false << quint8(Pro);
        QTest::newRow("pinned") << true << quint8(Team) << false << quint8(Pro);
    }
    void aRequestsTierGoesToUnpinnedUsersOnly()
    {
        QFETCH(bool, pinned);
        QFETCH(quint8, offered);
        QFETCH(bool, changed);
        QFETCH(quint8, tier);
        UserDirectory users;
        const quint32 a = users.setTier(u"a"_s, Pro, pinned);
        QCOMPARE(users.offerTier(a, offered), changed);
        QCOMPARE(users[a].tier, tier);
        QCOMPARE(users[a].tierPinned, pinned);
    }

    void anAdminSetsAndUnpinsTiers()
    {
        UserDirectory users;
        const quint32 a = users.obtain(u"a"_s, Free);
        QCOMPARE(users.setTier(u"a"_s, Team, true), a);
        QCOMPARE(users[a].tier, Team);
        QVERIFY(users[a].tierPinned);
        QVERIFY(!users.offerTier(a, Pro));
        QCOMPARE(users.setTier(u"a"_s, Free, false), a); // unpinned, back to the default
        QVERIFY(users.offerTier(a, Pro));
        const quint32 b = users.setTier(u"b"_s, Pro, true); // new users too
        QCOMPARE(users.find(u"b"_s), b);
        QCOMPARE(users[b].tier, Pro);
    }

    void tiersAreRemapped()
    {
        UserDirectory users;
        const quint32 a = users.obtain(u"a"_s, Free);
        const quint32 b = users.setTier(u"b"_s, Team, true);
        users.remapTiers({Pro, Free, Free}); // free moved to 1, team merged into free
        QCOMPARE(users[a].tier, Pro);
        QCOMPARE(users[b].tier, Free);
        QVERIFY(users[b].tierPinned);
    }

    /// No pass below kMinSweep users; at it, each acquire looks at kAcquireStep slots only,
    /// forgetting idle users and keeping pinned ones and those the caller says are in use.
    void acquiresSweepAFewSlotsAtATime()
    {
        UserDirectory users;
        const quint32 pinned = users.setTier(u"pinned"_s, Pro, true);
        const quint32 busy = users.obtain(u"busy"_s, Free);
        addUsers(users, UserDirectory::kMinSweep - 1);
        qsizetype asked = 0;
        QSet<quint32> seen;
        qsizetype mismatched = 0;
        const auto inUse = [&](quint32 index, const UserRecord &) {
            ++asked;
            seen.insert(index);
            mismatched += users.find(users.id(index)) != index;
            return index == busy;
        };
        users.sweepOnAcquire(inUse);
        QVERIFY(!users.sweeping());
        QCOMPARE(asked, 0);
        addUsers(users, UserDirectory::kMinSweep);
        users.sweepOnAcquire(inUse);
        QVERIFY(users.sweeping());
        QCOMPARE(users.live(), UserDirectory::kMinSweep - UserDirectory::kAcquireStep + 2);
        QCOMPARE(asked, UserDirectory::kAcquireStep - 1); // a pinned user needs no asking
        QVERIFY(!seen.contains(pinned));
        int acquires = 1;
        while (users.sweeping()) {
            users.sweepOnAcquire(inUse);
            ++acquires;
        }
        QCOMPARE(acquires, UserDirectory::kMinSweep / UserDirectory::kAcquireStep);
        QCOMPARE(users.live(), 2);
        QCOMPARE(mismatched, 0);
        QCOMPARE(users.find(u"pinned"_s), pinned);
        QCOMPARE(users.find(u"busy"_s), busy);
        QCOMPARE(users.find(u"u100"_s), UserTable::kNone);
        addUsers(users, UserDirectory::kMinSweep - 1); // freed slots serve newcomers
        users.sweepOnAcquire(inUse);
        QVERIFY(!users.sweeping()); // the threshold is kMinSweep again
    }

    /// After a pass, the next starts when the table has doubled.
    void theNextPassWaitsForTwiceAsManyUsers()
    {
        UserDirectory users;
        addUsers(users, UserDirectory::kMinSweep);
        const auto allInUse = [](quint32, const UserRecord &) {
            return true;
        };
        users.sweepOnAcquire(allInUse);
        while (users.sweeping())
            users.sweep(UserDirectory::kTimerStep, allInUse);
        QCOMPARE(users.live(), UserDirectory::kMinSweep);
        addUsers(users, 2 * UserDirectory::kMinSweep - 1);
        users.sweepOnAcquire(allInUse);
        QVERIFY(!users.sweeping());
        addUsers(users, 2 * UserDirectory::kMinSweep);
        users.sweepOnAcquire(allInUse);
        QVERIFY(users.sweeping());
    }

    /// A new quota day starts a pass whatever the size; timer ticks go kTimerStep at a time.
    void aStartedPassGoesOnAtTimerTicks()
    {
        UserDirectory users;
        addUsers(users, UserDirectory::kTimerStep + 1);
        const auto idle = [](quint32, const UserRecord &) {
            return false;
        };
        users.sweep(UserDirectory::kTimerStep, idle); // no pass under way: nothing happens
        QCOMPARE(users.live(), UserDirectory::kTimerStep + 1);
        users.startSweep();
        users.sweep(UserDirectory::kTimerStep, idle);
        QVERIFY(users.sweeping());
        QCOMPARE(users.live(), 1); // the last slot waits for the next tick
        users.sweep(UserDirectory::kTimerStep, idle);
        QVERIFY(!users.sweeping());
        QCOMPARE(users.live(), 0);
    }
};

QTEST_GUILESS_MAIN(TestUserDirectory)
#include "tst_userdirectory.moc"
