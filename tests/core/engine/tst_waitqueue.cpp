#include "engine/WaitQueue.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace sluice;

class TestWaitQueue : public QObject
{
    Q_OBJECT

    struct Harness
    {
        RequestTable table;
        WaitQueue queue{table};
        std::vector<quint32> live;
        quint64 seq = 1;

        quint32 push(qint32 priority, TimeMs since)
        {
            const quint32 slot = table.allocate();
            RequestSlot &request = table[slot];
            request.setWaiting(since, 0, seq++);
            request.priority = priority;
            queue.push(slot);
            live.push_back(slot);
            return slot;
        }
        void erase(quint32 slot)
        {
            queue.erase(slot);
            live.erase(std::find(live.begin(), live.end(), slot));
            table.release(slot);
        }
        std::vector<quint32> expectedOrder() const
        {
            std::vector<quint32> order = live;
            std::sort(order.begin(), order.end(),
                      [this](quint32 a, quint32 b) { return queue.precedes(a, b); });
            return order;
        }
        void verify() const
        {
            const std::vector<quint32> order = expectedOrder();
            QCOMPARE(queue.size(), qint64(order.size()));
            for (size_t i = 0; i < order.size(); ++i)
                QCOMPARE(queue.position(order[i]), qint64(i + 1));
            QCOMPARE(queue.page(0, qint64(order.size()) + 5), order);
        }
    };

private slots:
    void strictPriorityThenArrival()
    {
        Harness h;
        const quint32 free1 = h.push(0, 100);
        const quint32 pro1 = h.push(2, 200);
        const quint32 free2 = h.push(0, 300);
        const quint32 enterprise = h.push(3, 400);
        const quint32 pro2 = h.push(2, 500);
        QCOMPARE(h.queue.position(enterprise), 1);
        QCOMPARE(h.queue.position(pro1), 2);
        QCOMPARE(h.queue.position(pro2), 3);
        QCOMPARE(h.queue.position(free1), 4);
        QCOMPARE(h.queue.position(free2), 5);
        h.erase(pro1);
        QCOMPARE(h.queue.position(pro2), 2);
        QCOMPARE(h.queue.position(free2), 4);
        h.verify();
    }

    void agingLetsOldTicketsOvertake()
    {
        Harness h;
        h.queue.setAgingMs(10'000);  // one priority level per 10 s waited
        const quint32 oldFree = h.push(0, 0);
        const quint32 newPro = h.push(2, 15'000);   // key -5000: ahead of the free ticket (0)
        const quint32 newerPro = h.push(2, 25'000); // key 5000: behind it
        QCOMPARE(h.queue.position(newPro), 1);
        QCOMPARE(h.queue.position(oldFree), 2);
        QCOMPARE(h.queue.position(newerPro), 3);
        h.verify();
        h.queue.setAgingMs(0);  // back to strict priority
        QCOMPARE(h.queue.position(oldFree), 3);
        h.verify();
    }

    void equalKeysFavourHigherPriority()
    {
        Harness h;
        h.queue.setAgingMs(1000);
        const quint32 low = h.push(0, 2000);   // key 2000
        const quint32 high = h.push(1, 3000);  // key 2000 too
        QCOMPARE(h.queue.position(high), 1);
        QCOMPARE(h.queue.position(low), 2);
    }

    void outOfOrderInsertKeepsTheOrder()
    {
        Harness h;
        h.push(1, 1000);
        h.push(1, 3000);
        // A restored or re-prioritised ticket from the past lands in the middle.
        const quint32 slot = h.table.allocate();
        RequestSlot &request = h.table[slot];
        request.setWaiting(2000, 0, 0);
        request.priority = 1;
        h.queue.push(slot);
        h.live.push_back(slot);
        QCOMPARE(h.queue.position(slot), 1);  // strict mode: arrival order by seq
        h.verify();
    }

    void randomOperationsMatchSorting_data()
    {
        QTest::addColumn<qint64>("agingMs");
        QTest::newRow("strict") << qint64(0);
        QTest::newRow("aging") << qint64(5000);
    }

    void randomOperationsMatchSorting()
    {
        QFETCH(qint64, agingMs);
        Harness h;
        h.queue.setAgingMs(agingMs);
        QRandomGenerator random(7);
        TimeMs now = 0;
        for (int step = 0; step < 6000; ++step) {
            now += random.bounded(0, 50);
            if (h.live.empty() || random.bounded(100) < 55)
                h.push(random.bounded(4), now);
            else
                h.erase(h.live[size_t(random.bounded(int(h.live.size())))]);
            if (step % 97 == 0)
                h.verify();
        }
        h.verify();
        // Serve everything from the front, as dispatch does, with compaction along the way.
        while (!h.live.empty()) {
            h.erase(h.expectedOrder().front());
            if (h.live.size() % 211 == 0)
                h.verify();
        }
        QCOMPARE(h.queue.size(), 0);
    }

    void pagesAreSlicesOfTheOrder()
    {
        Harness h;
        for (int i = 0; i < 50; ++i)
            h.push(i % 3, i);
        const std::vector<quint32> order = h.expectedOrder();
        const std::vector<quint32> page = h.queue.page(10, 5);
        QCOMPARE(page, std::vector<quint32>(order.begin() + 10, order.begin() + 15));
        QVERIFY(h.queue.page(50, 5).empty());
    }
};

QTEST_GUILESS_MAIN(TestWaitQueue)
#include "tst_waitqueue.moc"
