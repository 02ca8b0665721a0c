#include "RuntimeFixture.h"

#include "api/ApiService.h"
#include "util/Scheduler.h"

#include <QJsonObject>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// The ticket watcher's pacing, on a Scheduler driven by the test's clock.
class TestTicketWatcher : public QObject
{
    Q_OBJECT

private slots:
    void positionChangesAreCoalescedForCoalesceMs()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        Scheduler timers(f.clock, false);
        ApiService::Options options;
        options.ticketCoalesceMs = 50;
        options.timers = &timers;
        ApiService service(*f.runtime, options);
        const Decision a = f.acquire(u"a"_s);
        QVERIFY(a.granted());
        QVERIFY(f.acquire(u"b"_s).granted());
        QCOMPARE(f.acquire(u"c"_s).outcome, Outcome::Queued);
        const Decision d = f.acquire(u"d"_s);
        QCOMPARE(d.outcome, Outcome::Queued);
        QList<QJsonObject> messages;
        QVERIFY(service.tickets().subscribe(d.id, [&messages](const QJsonObject &message) {
            messages.append(message);
        }) > 0);
        QCOMPARE(messages.size(), 1); // the state at once
        QCOMPARE(messages[0].value("position"_L1).toInt(), 2);

        QVERIFY(f.engine().release(a.id)); // c is granted, d moves up
        timers.advance();
        QCOMPARE(messages.size(), 1);
        f.clock.advance(49);
        timers.advance();
        QCOMPARE(messages.size(), 1); // not before coalesceMs
        f.clock.advance(1);
        timers.advance();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[1].value("type"_L1).toString(), u"status"_s);
        QCOMPARE(messages[1].value("position"_L1).toInt(), 1);
        QCOMPARE(timers.pending(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTicketWatcher)
#include "tst_ticketwatcher.moc"
