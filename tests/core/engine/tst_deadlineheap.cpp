#include "engine/DeadlineHeap.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace sluice;

/// DeadlineHeap: earliest first, only what is due, stale entries dropped by rebuild().
class TestDeadlineHeap : public QObject
{
    Q_OBJECT

private slots:
    void popsOnlyWhatIsDueEarliestFirst()
    {
        DeadlineHeap heap;
        QCOMPARE(heap.next(), TimeMs(0));
        QVERIFY(!heap.popDue(1'000'000));
        heap.push(300, 3);
        heap.push(100, 1);
        heap.push(200, 2);
        QCOMPARE(heap.next(), TimeMs(100));
        QVERIFY(!heap.popDue(99));
        QCOMPARE(heap.popDue(250)->id, RequestId(1));
        QCOMPARE(heap.popDue(250)->id, RequestId(2));
        QVERIFY(!heap.popDue(250));
        QCOMPARE(heap.next(), TimeMs(300));
        QCOMPARE(heap.size(), size_t(1));
    }

    void randomDeadlinesComeOutSorted()
    {
        QRandomGenerator random(11);
        DeadlineHeap heap;
        std::vector<DeadlineHeap::Entry> entries;
        for (RequestId id = 1; id <= 5000; ++id) {
            const auto at = TimeMs(random.bounded(100'000));
            heap.push(at, id);
            entries.push_back({at, id});
        }
        std::sort(entries.begin(), entries.end());
        for (const DeadlineHeap::Entry &expected : entries) {
            const std::optional<DeadlineHeap::Entry> popped = heap.popDue(100'000);
            QVERIFY(popped);
            QCOMPARE(popped->at, expected.at);
            QCOMPARE(popped->id, expected.id);
        }
        QCOMPARE(heap.size(), size_t(0));
    }

    void rebuildKeepsOnlyTheLiveEntries()
    {
        DeadlineHeap heap;
        for (RequestId id = 1; id <= 100; ++id)
            heap.push(TimeMs(1000 - id), id);
        heap.rebuild({{500, 7}, {400, 9}});
        QCOMPARE(heap.size(), size_t(2));
        QCOMPARE(heap.next(), TimeMs(400));
        QCOMPARE(heap.popDue(10'000)->id, RequestId(9));
        QCOMPARE(heap.popDue(10'000)->id, RequestId(7));
    }
};

QTEST_GUILESS_MAIN(TestDeadlineHeap)
#include "tst_deadlineheap.moc"
