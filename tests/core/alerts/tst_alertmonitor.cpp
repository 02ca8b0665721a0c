#include "alerts/AlertMonitor.h"
#include "util/ManualClock.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kPending = 60 * kSecond;

AlertRule rule(const QString &id, AlertMetric metric = AlertMetric::PoolConcurrency,
               const QString &target = {}, qint64 pendingMs = 0, double threshold = 0.8,
               double clearBelow = 0.7)
{
    AlertRule r;
    r.id = id;
    r.metric = metric;
    r.target = target;
    r.threshold = threshold;
    r.clearBelow = clearBelow;
    r.pendingMs = pendingMs;
    return r;
}

UtilisationSample concurrency(const QString &pool, qint64 used, qint64 limit = 100)
{
    return UtilisationSample{AlertMetric::PoolConcurrency, pool, used, limit};
}

// "fired r/anthropic", "cleared r/anthropic", ... so that failures print readably.
QStringList describe(const QList<AlertEvent> &events)
{
    static const QStringList kKinds{u"fired"_s, u"cleared"_s, u"acknowledged"_s, u"test"_s};
    QStringList out;
    for (const AlertEvent &e : events)
        out << kKinds[int(e.kind)] + u' ' + e.record.ruleId + u'/' + e.record.target;
    return out;
}

QList<qint64> ids(const QList<AlertRecord> &records)
{
    QList<qint64> out;
    for (const AlertRecord &r : records)
        out << r.id;
    return out;
}
} // namespace

class TestAlertMonitor : public QObject
{
    Q_OBJECT

private slots:
    void firesAtThreshold_data()
    {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("fires");
        QTest::newRow("80%") << qint64(80) << qint64(100) << true;
        QTest::newRow("79%") << qint64(79) << qint64(100) << false;
        QTest::newRow("79.9%") << qint64(799) << qint64(1000) << false;
        QTest::newRow("4 of 5") << qint64(4) << qint64(5) << true;
        QTest::newRow("full") << qint64(5) << qint64(5) << true;
        QTest::newRow("over the limit") << qint64(7) << qint64(5) << true;
        QTest::newRow("idle") << qint64(0) << qint64(5) << false;
        QTest::newRow("unlimited") << qint64(1'000'000) << qint64(0) << false;
        QTest::newRow("negative limit") << qint64(1'000'000) << qint64(-1) << false;
    }

    void firesAtThreshold()
    {
        QFETCH(qint64, used);
        QFETCH(qint64, limit);
        QFETCH(bool, fires);
        const ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        const QList<AlertEvent> events =
            monitor.evaluate(clock.now(), {concurrency(u"anthropic"_s, used, limit)});
        QCOMPARE(describe(events), fires ? QStringList{u"fired busy/anthropic"_s} : QStringList{});
        QCOMPARE(monitor.active().size(), fires ? 1 : 0);
        if (!fires)
            return;
        const AlertRecord &record = events.first().record;
        QCOMPARE(record.id, 1);
        QCOMPARE(record.metric, u"pool_concurrency"_s);
        QCOMPARE(record.threshold, 0.8);
        QCOMPARE(record.peak, double(used) / double(limit));
        QCOMPARE(record.firedAt, clock.now());
        QCOMPARE(record.clearedAt, 0);
        QCOMPARE(record.ackedAt, 0);
    }

    void messages_data()
    {
        QTest::addColumn<AlertMetric>("metric");
        QTest::addColumn<QString>("target");
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("metricName");
        QTest::addColumn<QString>("message");
        QTest::newRow("concurrency")
            << AlertMetric::PoolConcurrency << u"anthropic"_s << qint64(4) << qint64(5)
            << u"pool_concurrency"_s << u"anthropic concurrency at 80% (4 of 5)"_s;
        QTest::newRow("requests per minute")
            << AlertMetric::PoolRequestsPerMinute << u"anthropic"_s << qint64(90) << qint64(100)
            << u"pool_rpm"_s
            << u"anthropic requests per minute at 90% (90 of 100)"_s;
        QTest::newRow("tokens per minute")
            << AlertMetric::PoolTokensPerMinute << u"anthropic"_s << qint64(33'333)
            << qint64(40'000) << u"pool_tpm"_s
            << u"anthropic tokens per minute at 83% (33333 of 40000)"_s;
        QTest::newRow("queue") << AlertMetric::PoolQueue << u"elevenlabs"_s << qint64(850)
                               << qint64(1000) << u"pool_queue"_s
                               << u"elevenlabs queue at 85% (850 of 1000 waiting)"_s;
        QTest::newRow("tier quota")
            << AlertMetric::TierDailyQuota << u"free"_s << qint64(17) << qint64(20)
            << u"tier_daily"_s << u"tier free daily quota at 85% (17 of 20 requests)"_s;
        QTest::newRow("user quota")
            << AlertMetric::UserDailyQuota << u"user-42"_s << qint64(9) << qint64(10)
            << u"user_daily"_s << u"user user-42 daily quota at 90% (9 of 10 requests)"_s;
        QTest::newRow("percent in a name stays")
            << AlertMetric::PoolConcurrency << u"p%2"_s << qint64(1) << qint64(1)
            << u"pool_concurrency"_s << u"p%2 concurrency at 100% (1 of 1)"_s;
    }

    void messages()
    {
        QFETCH(AlertMetric, metric);
        QFETCH(QString, target);
        QFETCH(qint64, used);
        QFETCH(qint64, limit);
        QFETCH(QString, metricName);
        QFETCH(QString, message);
        AlertMonitor monitor({rule(u"r"_s, metric)});
        const QList<AlertEvent> events = monitor.evaluate(0, {{metric, target, used, limit}});
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().record.metric, metricName);
        QCOMPARE(events.first().record.message, message);
    }

    void hysteresis()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 80)})),
                 QStringList{u"fired busy/a"_s});
        for (const qint64 used : {79, 75, 71, 70}) {
            clock.advance(kSecond);
            QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, used)})),
                     QStringList{});
            QCOMPARE(monitor.active().size(), 1);
        }
        clock.advance(kSecond);
        const QList<AlertEvent> cleared = monitor.evaluate(clock.now(), {concurrency(u"a"_s, 69)});
        QCOMPARE(describe(cleared), QStringList{u"cleared busy/a"_s});
        QCOMPARE(cleared.first().record.id, 1);
        QCOMPARE(cleared.first().record.clearedAt, clock.now());
        QVERIFY(monitor.active().isEmpty());
        QCOMPARE(ids(monitor.history(10)), QList<qint64>{1});

        clock.advance(kSecond);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 79)})), QStringList{});
        const QList<AlertEvent> again = monitor.evaluate(clock.now(), {concurrency(u"a"_s, 80)});
        QCOMPARE(describe(again), QStringList{u"fired busy/a"_s});
        QCOMPARE(again.first().record.id, 2);
    }

    void clearLevelAboveThresholdActsAsThreshold()
    {
        AlertMonitor monitor({rule(u"odd"_s, AlertMetric::PoolConcurrency, {}, 0, 0.8, 0.9)});
        QCOMPARE(describe(monitor.evaluate(0, {concurrency(u"a"_s, 85)})),
                 QStringList{u"fired odd/a"_s});
        QCOMPARE(describe(monitor.evaluate(1, {concurrency(u"a"_s, 85)})), QStringList{});
        QCOMPARE(describe(monitor.evaluate(2, {concurrency(u"a"_s, 79)})),
                 QStringList{u"cleared odd/a"_s});
    }

    void pendingDuration()
    {
        ManualClock clock;
        const TimeMs start = clock.now();
        AlertMonitor monitor({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, kPending)});
        QCOMPARE(monitor.nextDeadline(), std::nullopt);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 85)})), QStringList{});
        QCOMPARE(monitor.nextDeadline(), std::optional(start + kPending));
        QVERIFY(monitor.active().isEmpty());

        clock.advance(30 * kSecond);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)})), QStringList{});
        clock.set(start + kPending - 1);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 82)})), QStringList{});
        QCOMPARE(monitor.nextDeadline(), std::optional(start + kPending));

        clock.set(start + kPending);
        const QList<AlertEvent> fired = monitor.evaluate(clock.now(), {concurrency(u"a"_s, 82)});
        QCOMPARE(describe(fired), QStringList{u"fired slow/a"_s});
        QCOMPARE(fired.first().record.firedAt, start + kPending);
        QCOMPARE(fired.first().record.peak, 0.9);
        QCOMPARE(monitor.nextDeadline(), std::nullopt);
    }

    void pendingCancelled()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, kPending)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 85)});
        clock.advance(30 * kSecond);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 79)})), QStringList{});
        QCOMPARE(monitor.nextDeadline(), std::nullopt);

        clock.advance(30 * kSecond);
        const TimeMs restart = clock.now();
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 85)})), QStringList{});
        QCOMPARE(monitor.nextDeadline(), std::optional(restart + kPending));
        clock.set(restart + kPending);
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 85)})),
                 QStringList{u"fired slow/a"_s});
    }

    void nextDeadlineIsTheEarliest()
    {
        ManualClock clock;
        const TimeMs start = clock.now();
        AlertMonitor monitor({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, 5 * kPending),
                              rule(u"quick"_s, AlertMetric::PoolQueue, {}, kPending)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)});
        QCOMPARE(monitor.nextDeadline(), std::optional(start + 5 * kPending));
        clock.advance(kSecond);
        monitor.evaluate(clock.now(),
                         {concurrency(u"a"_s, 90), {AlertMetric::PoolQueue, u"a"_s, 9, 10}});
        QCOMPARE(monitor.nextDeadline(), std::optional(start + kSecond + kPending));
    }

    void acknowledge()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        const qint64 id =
            monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)}).first().record.id;
        QCOMPARE(monitor.acknowledge(id + 1, u"alice"_s, clock.now()), std::nullopt);

        clock.advance(kSecond);
        const std::optional<AlertEvent> acked = monitor.acknowledge(id, u"alice"_s, clock.now());
        QVERIFY(acked);
        QCOMPARE(acked->kind, AlertEvent::Kind::Acknowledged);
        QCOMPARE(acked->record.id, id);
        QCOMPARE(acked->record.ackedAt, clock.now());
        QCOMPARE(acked->record.ackedBy, u"alice"_s);
        QCOMPARE(monitor.active().size(), 1);
        QCOMPARE(monitor.active().first().ackedBy, u"alice"_s);

        QCOMPARE(monitor.acknowledge(id, u"bob"_s, clock.now() + 1), std::nullopt);
        QCOMPARE(monitor.active().first().ackedBy, u"alice"_s);

        clock.advance(kSecond);
        const QList<AlertEvent> cleared = monitor.evaluate(clock.now(), {concurrency(u"a"_s, 10)});
        QCOMPARE(describe(cleared), QStringList{u"cleared busy/a"_s});
        QCOMPARE(cleared.first().record.ackedBy, u"alice"_s);
        QCOMPARE(monitor.acknowledge(id, u"bob"_s, clock.now()), std::nullopt);
    }

    void pendingAlertsCannotBeAcknowledged()
    {
        AlertMonitor monitor({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, kPending)});
        monitor.evaluate(0, {concurrency(u"a"_s, 90)});
        QCOMPARE(monitor.acknowledge(1, u"alice"_s, 1), std::nullopt);
        QCOMPARE(monitor.nextId(), 1);
    }

    void testAlert()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)});
        const AlertEvent test = monitor.testAlert(u"alice"_s, clock.now());
        QCOMPARE(test.kind, AlertEvent::Kind::Test);
        QCOMPARE(test.record.id, 2);
        QCOMPARE(test.record.metric, u"test"_s);
        QCOMPARE(test.record.firedAt, clock.now());
        QCOMPARE(test.record.clearedAt, clock.now());
        QCOMPARE(test.record.message, u"Test alert sent by alice"_s);
        QCOMPARE(ids(monitor.active()), QList<qint64>{1});
        QCOMPARE(ids(monitor.history(10)), QList<qint64>{2});
        QCOMPARE(monitor.testAlert(QString(), clock.now()).record.message, u"Test alert"_s);
    }

    void historyIsNewestFirstAndBounded()
    {
        AlertMonitor monitor;
        const int total = AlertMonitor::kHistoryCapacity + 5;
        for (int i = 0; i < total; ++i)
            monitor.testAlert(u"alice"_s, i);
        const QList<AlertRecord> all = monitor.history(total * 2);
        QCOMPARE(all.size(), AlertMonitor::kHistoryCapacity);
        QCOMPARE(all.first().id, total);
        QCOMPARE(all.last().id, 6);
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all[i - 1].id > all[i].id);
        QCOMPARE(ids(monitor.history(3)), (QList<qint64>{total, total - 1, total - 2}));
        QVERIFY(monitor.history(0).isEmpty());
        QVERIFY(monitor.history(-1).isEmpty());
    }

    void ruleChangeKeepsState()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 86)});
        QCOMPARE(
            describe(monitor.setRules(
                {rule(u"busy"_s, AlertMetric::PoolConcurrency, {}, 0, 0.9, 0.85)}, clock.now())),
            QStringList{});
        QCOMPARE(ids(monitor.active()), QList<qint64>{1});
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 86)})), QStringList{});
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 84)})),
                 QStringList{u"cleared busy/a"_s});
    }

    void ruleChangeKeepsPending()
    {
        ManualClock clock;
        const TimeMs start = clock.now();
        AlertMonitor monitor({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, kPending)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)});
        monitor.setRules({rule(u"slow"_s, AlertMetric::PoolConcurrency, {}, 2 * kPending)},
                         clock.now());
        QCOMPARE(monitor.nextDeadline(), std::optional(start + 2 * kPending));
    }

    void removedOrDisabledRulesClear_data()
    {
        QTest::addColumn<bool>("disable");
        QTest::newRow("removed") << false;
        QTest::newRow("disabled") << true;
    }

    void removedOrDisabledRulesClear()
    {
        QFETCH(bool, disable);
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s),
                              rule(u"slow"_s, AlertMetric::PoolQueue, {}, kPending),
                              rule(u"other"_s, AlertMetric::PoolConcurrency, {}, 0, 0.5, 0.4)});
        monitor.evaluate(clock.now(),
                         {concurrency(u"a"_s, 90), {AlertMetric::PoolQueue, u"a"_s, 9, 10}});
        QCOMPARE(monitor.active().size(), 2);
        QVERIFY(monitor.nextDeadline());

        clock.advance(kSecond);
        QList<AlertRule> remaining{rule(u"other"_s, AlertMetric::PoolConcurrency, {}, 0, 0.5, 0.4)};
        if (disable) {
            remaining << rule(u"busy"_s) << rule(u"slow"_s, AlertMetric::PoolQueue, {}, kPending);
            remaining[1].enabled = false;
            remaining[2].enabled = false;
        }
        const QList<AlertEvent> events = monitor.setRules(remaining, clock.now());
        QCOMPARE(describe(events), QStringList{u"cleared busy/a"_s});
        QCOMPARE(events.first().record.clearedAt, clock.now());
        QCOMPARE(describe(monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90)})), QStringList{});
        QCOMPARE(monitor.active().size(), 1);
        QCOMPARE(monitor.active().first().ruleId, u"other"_s);
        QCOMPARE(monitor.nextDeadline(), std::nullopt);
    }

    void targetFilter()
    {
        AlertMonitor monitor(
            {rule(u"only-anthropic"_s, AlertMetric::PoolConcurrency, u"anthropic"_s),
             rule(u"any"_s, AlertMetric::PoolConcurrency, {}, 0, 0.95, 0.9)});
        const QList<AlertEvent> events = monitor.evaluate(
            0, {concurrency(u"elevenlabs"_s, 100), concurrency(u"anthropic"_s, 80)});
        QCOMPARE(describe(events),
                 (QStringList{u"fired any/elevenlabs"_s, u"fired only-anthropic/anthropic"_s}));
        QCOMPARE(monitor.active().size(), 2);
    }

    void otherMetricsDoNotMatch()
    {
        AlertMonitor monitor({rule(u"busy"_s)});
        QCOMPARE(describe(monitor.evaluate(0, {{AlertMetric::PoolQueue, u"a"_s, 100, 100}})),
                 QStringList{});
    }

    void disappearingTargetClears()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 90), concurrency(u"b"_s, 90)});
        clock.advance(kSecond);
        // b is still listed, but for another metric, and a has become unlimited.
        const QList<AlertEvent> events = monitor.evaluate(
            clock.now(), {concurrency(u"a"_s, 90, 0), {AlertMetric::PoolQueue, u"b"_s, 90, 100}});
        QCOMPARE(describe(events), (QStringList{u"cleared busy/a"_s, u"cleared busy/b"_s}));
        QVERIFY(monitor.active().isEmpty());
        QCOMPARE(describe(monitor.evaluate(clock.now(), {})), QStringList{});
    }

    void peakTracking()
    {
        ManualClock clock;
        AlertMonitor monitor({rule(u"busy"_s)});
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 80)});
        QCOMPARE(monitor.active().first().peak, 0.8);
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 95)});
        QCOMPARE(monitor.active().first().peak, 0.95);
        monitor.evaluate(clock.now(), {concurrency(u"a"_s, 85)});
        QCOMPARE(monitor.active().first().peak, 0.95);
        const QList<AlertEvent> cleared = monitor.evaluate(clock.now(), {concurrency(u"a"_s, 50)});
        QCOMPARE(cleared.first().record.peak, 0.95);
        QCOMPARE(monitor.history(1).first().peak, 0.95);
    }

    void severalRulesOnOneMetric()
    {
        AlertMonitor monitor(
            {rule(u"warn"_s), rule(u"crit"_s, AlertMetric::PoolConcurrency, {}, 0, 0.95, 0.9)});
        QCOMPARE(describe(monitor.evaluate(0, {concurrency(u"a"_s, 90)})),
                 QStringList{u"fired warn/a"_s});
        QCOMPARE(describe(monitor.evaluate(1, {concurrency(u"a"_s, 96)})),
                 QStringList{u"fired crit/a"_s});
        QCOMPARE(describe(monitor.evaluate(2, {concurrency(u"a"_s, 75)})),
                 QStringList{u"cleared crit/a"_s});
        QCOMPARE(ids(monitor.active()), QList<qint64>{1});
    }

    void restoreAfterRestart()
    {
        ManualClock clock;
        const QList<AlertRule> rules{rule(u"busy"_s), rule(u"gone"_s, AlertMetric::PoolQueue)};
        AlertMonitor before(rules);
        before.evaluate(clock.now(),
                        {concurrency(u"a"_s, 90), {AlertMetric::PoolQueue, u"a"_s, 9, 10}});
        before.acknowledge(1, u"alice"_s, clock.now());
        before.testAlert(u"alice"_s, clock.now());
        const QList<AlertRecord> active = before.active();
        QCOMPARE(ids(active), (QList<qint64>{1, 2}));

        AlertRecord stale = active.first();
        stale.id = 40;
        stale.clearedAt = clock.now();
        AlertMonitor after({rule(u"busy"_s)});
        after.restore(active + QList<AlertRecord>{stale}, before.nextId());
        QCOMPARE(after.nextId(), 4);
        QCOMPARE(ids(after.active()), (QList<qint64>{1, 2}));
        QCOMPARE(after.active().first().ackedBy, u"alice"_s);

        clock.advance(kSecond);
        const QList<AlertEvent> events = after.evaluate(clock.now(), {concurrency(u"a"_s, 90)});
        QCOMPARE(describe(events), QStringList{u"cleared gone/a"_s});
        QCOMPARE(ids(after.active()), QList<qint64>{1});
        QCOMPARE(after.evaluate(clock.now(), {concurrency(u"a"_s, 50)}).first().record.id, 1);
        QCOMPARE(after.evaluate(clock.now(), {concurrency(u"a"_s, 90)}).first().record.id, 4);
    }

    void restoreRaisesALowNextId()
    {
        AlertRecord record;
        record.id = 17;
        record.ruleId = u"busy"_s;
        record.target = u"a"_s;
        record.firedAt = 5;
        AlertMonitor monitor({rule(u"busy"_s)});
        monitor.restore({record}, 3);
        QCOMPARE(monitor.nextId(), 18);
        QCOMPARE(monitor.testAlert(u"x"_s, 6).record.id, 18);
        monitor.restore({}, 0);
        QCOMPARE(monitor.nextId(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAlertMonitor)
#include "tst_alertmonitor.moc"
