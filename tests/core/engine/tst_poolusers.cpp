#include "engine/PoolHost.h"
#include "engine/PoolUsers.h"
#include "engine/RequestTable.h"
#include "engine/WaitQueue.h"

#include <QHash>
#include <QTest>

#include <climits>

using namespace sluice;

/// PoolUsers: one ready ticket per user below their own concurrency limit, so a user held back
/// by their own limit never blocks the others (no head-of-line blocking).
class TestPoolUsers : public QObject
{
    Q_OBJECT

    /// The engine side PoolUsers asks: only each user's concurrency limit matters here.
    struct Limits final : PoolHost
    {
        QHash<quint32, int> perUser;
        int userConcurrencyLimit(quint32 user) const override
        {
            return perUser.value(user, INT_MAX);
        }
        Reason recheckQuota(quint32, TimeMs) override { return Reason::None; }
        void granted(quint32, bool, TimeMs) override {}
        void ended(quint32, Reason, TimeMs) override {}
        void poolQueueChanged(int) override {}
        void wakeAt(TimeMs) override {}
        void windowAdded(int, TimeMs, qint64, qint64) override {}
    };

    struct Harness
    {
        RequestTable table;
        WaitQueue queue{table};
        Limits limits;
        PoolUsers users{table, queue, limits};
        quint64 seq = 1;

        quint32 ticket(quint32 user, qint16 priority = 0)
        {
            const quint32 slot = table.allocate();
            RequestSlot &request = table[slot];
            request.setWaiting(0, 0, seq++);
            request.user = user;
            request.priority = priority;
            users.addTicket(slot);
            return slot;
        }
    };

private slots:
    void aUserAtTheirLimitDoesNotBlockOthers()
    {
        Harness h;
        h.limits.perUser.insert(1, 1);
        const quint32 first = h.ticket(1);
        const quint32 second = h.ticket(1);
        const quint32 other = h.ticket(2);
        QCOMPARE(h.users.next(), first);
        QCOMPARE(h.users.waiting(1), 2);

        h.users.slotTaken(1); // user 1 now holds a lease: at their limit
        QCOMPARE(h.users.active(1), 1);
        QCOMPARE(h.users.next(), other);

        h.users.slotFreed(1);
        QCOMPARE(h.users.next(), first);
        h.users.removeTicket(first);
        QCOMPARE(h.users.next(), second); // the user's next ticket in order
        QCOMPARE(h.users.waiting(1), 1);
    }

    void onlyEachUsersFirstTicketIsReady()
    {
        Harness h;
        const quint32 a1 = h.ticket(1);
        h.ticket(1, 900); // later and more urgent, but behind a1 in user 1's own order
        const quint32 b1 = h.ticket(2, 100);
        QCOMPARE(h.users.next(), b1);
        h.users.removeTicket(b1);
        QCOMPARE(h.users.next(), a1);
    }

    void aLimitChangeIsPickedUpOnRefresh()
    {
        Harness h;
        h.users.slotTaken(1);
        const quint32 waiting = h.ticket(1);
        QCOMPARE(h.users.next(), waiting);
        h.limits.perUser.insert(1, 1); // e.g. a tier change
        h.users.refresh(1);
        QCOMPARE(h.users.next(), RequestSlot::kNone);
        QVERIFY(!h.users.anyReady());
        h.limits.perUser.remove(1);
        h.users.refreshAll();
        QCOMPARE(h.users.next(), waiting);
    }
};

QTEST_GUILESS_MAIN(TestPoolUsers)
#include "tst_poolusers.moc"
