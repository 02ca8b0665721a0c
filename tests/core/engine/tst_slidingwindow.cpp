#include "engine/SlidingWindow.h"

#include <QRandomGenerator>
#include <QTest>

#include <deque>

using namespace sluice;

class TestSlidingWindow : public QObject
{
    Q_OBJECT

private slots:
    void countsUntilSixtySecondsHavePassed()
    {
        SlidingWindow window;
        window.add(1000, 10);
        window.add(2000, 20);
        window.expire(60'999);
        QCOMPARE(window.requests(), 2);
        QCOMPARE(window.tokens(), 30);
        window.expire(61'000);  // the first admission leaves exactly 60 s later
        QCOMPARE(window.requests(), 1);
        QCOMPARE(window.tokens(), 20);
        window.expire(62'000);
        QCOMPARE(window.requests(), 0);
        QCOMPARE(window.tokens(), 0);
    }

    void slidesInsteadOfResettingInBuckets()
    {
        // 3 admissions late in one minute still count early in the next: no fixed buckets.
        SlidingWindow window;
        window.add(59'000, 0);
        window.add(59'500, 0);
        window.add(59'900, 0);
        window.expire(60'100);
        QCOMPARE(window.requests(), 3);
        QCOMPARE(window.requestsBelowAt(3), TimeMs(119'000));
        QCOMPARE(window.requestsBelowAt(2), TimeMs(119'500));
        QCOMPARE(window.requestsBelowAt(4), TimeMs(0));
    }

    void correctsAndWithdrawsAdmissions()
    {
        SlidingWindow window;
        const quint64 a = window.add(0, 100);
        const quint64 b = window.add(10, 100);
        window.setTokens(a, 40);
        QCOMPARE(window.tokens(), 140);
        window.remove(b);
        QCOMPARE(window.requests(), 1);
        QCOMPARE(window.tokens(), 40);
        window.remove(b);  // twice: no effect
        QCOMPARE(window.requests(), 1);
        window.expire(60'000);
        window.setTokens(a, 1000);  // already gone: no effect
        QCOMPARE(window.tokens(), 0);
        QCOMPARE(window.requests(), 0);
    }

    void tellsWhenTokensFit()
    {
        SlidingWindow window;
        window.add(0, 500);
        window.add(1000, 300);
        window.add(2000, 200);
        QCOMPARE(window.tokensFitAt(1000, 0), TimeMs(0));
        QCOMPARE(window.tokensFitAt(1000, 100), TimeMs(60'000));   // 500 must leave
        QCOMPARE(window.tokensFitAt(1000, 600), TimeMs(61'000));   // 500 and 300 must leave
        QCOMPARE(window.tokensFitAt(1000, 1000), TimeMs(62'000));  // everything must leave
    }

    void matchesABruteForceLog()
    {
        SlidingWindow window;
        struct Item { TimeMs at; qint64 tokens; quint64 seq; bool removed; };
        std::deque<Item> reference;
        QRandomGenerator random(42);
        TimeMs now = 0;
        for (int step = 0; step < 20000; ++step) {
            now += random.bounded(0, 200);
            window.expire(now);
            while (!reference.empty() && reference.front().at + 60'000 <= now)
                reference.pop_front();
            const int op = random.bounded(10);
            if (op < 7) {
                const qint64 tokens = random.bounded(0, 1000);
                reference.push_back({now, tokens, window.add(now, tokens), false});
            } else if (!reference.empty()) {
                Item &item = reference[size_t(random.bounded(int(reference.size())))];
                if (op == 7 && !item.removed) {
                    item.removed = true;
                    window.remove(item.seq);
                } else if (!item.removed) {
                    item.tokens = random.bounded(0, 1000);
                    window.setTokens(item.seq, item.tokens);
                }
            }
            qint64 requests = 0, tokens = 0;
            for (const Item &item : reference) {
                if (!item.removed) {
                    ++requests;
                    tokens += item.tokens;
                }
            }
            QCOMPARE(window.requests(), requests);
            QCOMPARE(window.tokens(), tokens);
            // When would a request of `need` tokens fit under `limit`? The log, read in order.
            const qint64 limit = random.bounded(1, 400'000);
            const qint64 need = random.bounded(0, int(limit) + 1);
            TimeMs expected = 0;
            qint64 excess = tokens + need - limit;
            for (size_t i = 0; i < reference.size() && excess > 0; ++i) {
                if (!reference[i].removed && (excess -= reference[i].tokens) <= 0)
                    expected = reference[i].at + 60'000;
            }
            QCOMPARE(window.tokensFitAt(limit, need), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestSlidingWindow)
#include "tst_slidingwindow.moc"
