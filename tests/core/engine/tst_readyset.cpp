#include "engine/ReadySet.h"
#include "engine/RequestTable.h"
#include "engine/WaitQueue.h"

#include <QTest>

using namespace sluice;

/// ReadySet orders the tickets that may be served next: higher priority first, then arrival.
class TestReadySet : public QObject
{
    Q_OBJECT

    struct Harness
    {
        RequestTable table;
        WaitQueue queue{table};
        ReadySet ready{queue, table};
        quint64 seq = 1;

        quint32 ticket(qint16 priority)
        {
            const quint32 slot = table.allocate();
            RequestSlot &request = table[slot];
            request.setWaiting(0, 0, seq++);
            request.priority = priority;
            return slot;
        }
    };

private slots:
    void emptyHasNoFront()
    {
        Harness h;
        QVERIFY(h.ready.empty());
        QCOMPARE(h.ready.front(), RequestSlot::kNone);
    }

    void priorityFirstThenArrival()
    {
        Harness h;
        const quint32 early = h.ticket(10);
        const quint32 urgent = h.ticket(500);
        const quint32 late = h.ticket(10);
        for (const quint32 slot : {late, early, urgent})
            h.ready.insert(slot);
        QCOMPARE(h.ready.size(), size_t(3));
        QCOMPARE(h.ready.front(), urgent);
        h.ready.erase(urgent);
        QCOMPARE(h.ready.front(), early);
        h.ready.erase(early);
        QCOMPARE(h.ready.front(), late);
        h.ready.erase(late);
        QVERIFY(h.ready.empty());
    }

    void erasingAnotherKeepsTheFront()
    {
        Harness h;
        const quint32 first = h.ticket(0);
        const quint32 second = h.ticket(0);
        h.ready.insert(first);
        h.ready.insert(second);
        h.ready.erase(second);
        QCOMPARE(h.ready.front(), first);
        QCOMPARE(h.ready.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestReadySet)
#include "tst_readyset.moc"
