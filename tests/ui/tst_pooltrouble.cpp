#include "models/AlertLevels.h"
#include "models/PoolTrouble.h"

#include <QDateTime>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sluice::AlertMetric)
Q_DECLARE_METATYPE(sluice::TroubleLevel)
Q_DECLARE_METATYPE(sluice::PoolStatus)

/// The alert rules' levels on a pool's gauges, the pool's status line and how pools are
/// ranked and labelled in the pickers.
class TestPoolTrouble : public QObject
{
    Q_OBJECT

    static const inline TimeMs kNow =
        QDateTime(QDate(2026, 12, 6), QTime(14, 31, 28), Qt::UTC).toMSecsSinceEpoch();

    static AlertRule rule(AlertMetric metric, double threshold, const QString &target = {},
                          bool enabled = true)
    {
        AlertRule r;
        r.id = alertMetricName(metric) % target;
        r.metric = metric;
        r.target = target;
        r.threshold = threshold;
        r.clearBelow = threshold / 2;
        r.enabled = enabled;
        return r;
    }

    static AlertLevels levels()
    {
        return AlertLevels({rule(AlertMetric::PoolConcurrency, 0.8),
                            rule(AlertMetric::PoolQueue, 0.8),
                            rule(AlertMetric::PoolQueue, 0.5, u"elevenlabs"_s),
                            rule(AlertMetric::PoolRequestsPerMinute, 0.3, {}, false),
                            rule(AlertMetric::TierDailyQuota, 0.1)});
    }

    static PoolStatus pool(const QString &name, PoolMode mode = PoolMode::Running,
                           qint64 waiting = 0, int inUse = 0)
    {
        PoolStatus p;
        p.name = name;
        p.mode = mode;
        p.maxConcurrent = 10;
        p.inUse = inUse;
        p.waiting = waiting;
        p.maxQueueLength = 1000;
        return p;
    }

private slots:
    void initTestCase() { qputenv("TZ", "UTC"); }

    void levelFromTheRules_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<AlertMetric>("metric");
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<TroubleLevel>("expected");
        const auto concurrency = AlertMetric::PoolConcurrency;
        const auto queue = AlertMetric::PoolQueue;
        const auto rpm = AlertMetric::PoolRequestsPerMinute;
        QTest::newRow("below warning")
            << u"a"_s << concurrency << qint64(79) << qint64(100) << TroubleLevel::Normal;
        QTest::newRow("at warning")
            << u"a"_s << concurrency << qint64(80) << qint64(100) << TroubleLevel::Warning;
        QTest::newRow("above warning")
            << u"a"_s << concurrency << qint64(99) << qint64(100) << TroubleLevel::Warning;
        QTest::newRow("at the limit")
            << u"a"_s << concurrency << qint64(5) << qint64(5) << TroubleLevel::Critical;
        QTest::newRow("above the limit")
            << u"a"_s << concurrency << qint64(6) << qint64(5) << TroubleLevel::Critical;
        QTest::newRow("no limit") << u"a"_s << concurrency << qint64(500) << qint64(-1)
                                  << TroubleLevel::Normal;
        QTest::newRow("targeted rule below")
            << u"elevenlabs"_s << queue << qint64(499) << qint64(1000) << TroubleLevel::Normal;
        QTest::newRow("targeted rule at")
            << u"elevenlabs"_s << queue << qint64(500) << qint64(1000) << TroubleLevel::Warning;
        QTest::newRow("other pools keep 80%")
            << u"anam"_s << queue << qint64(500) << qint64(1000) << TroubleLevel::Normal;
        QTest::newRow("disabled rule: default 80%")
            << u"a"_s << rpm << qint64(50) << qint64(100) << TroubleLevel::Normal;
        QTest::newRow("default 80% at")
            << u"a"_s << rpm << qint64(80) << qint64(100) << TroubleLevel::Warning;
    }
    void levelFromTheRules()
    {
        QFETCH(QString, pool);
        QFETCH(AlertMetric, metric);
        QFETCH(qint64, used);
        QFETCH(qint64, limit);
        QFETCH(TroubleLevel, expected);
        QCOMPARE(levels().level(pool, metric, used, limit), expected);
    }

    void levelNamesSayIt()
    {
        QCOMPARE(troubleLevelName(TroubleLevel::Normal), u"normal"_s);
        QCOMPARE(troubleLevelName(TroubleLevel::Warning), u"warning"_s);
        QCOMPARE(troubleLevelName(TroubleLevel::Critical), u"critical"_s);
    }

    void statusLine_data()
    {
        QTest::addColumn<PoolStatus>("status");
        QTest::addColumn<QString>("text");
        QTest::addColumn<TroubleLevel>("level");
        PoolStatus draining = pool(u"p"_s, PoolMode::Draining, 7);
        draining.drainTotal = 30;
        draining.drainRemaining = 12;
        PoolStatus throttled = pool(u"p"_s);
        throttled.throttledUntil = kNow + 42'000;
        PoolStatus throttleOver = pool(u"p"_s);
        throttleOver.throttledUntil = kNow;
        PoolStatus pausedAndThrottled = pool(u"p"_s, PoolMode::Paused);
        pausedAndThrottled.throttledUntil = kNow + 42'000;
        QTest::newRow("running") << pool(u"p"_s) << u"Running"_s << TroubleLevel::Normal;
        QTest::newRow("paused") << pool(u"p"_s, PoolMode::Paused) << u"Paused"_s
                                << TroubleLevel::Warning;
        QTest::newRow("draining") << draining << u"Draining (12 left)"_s << TroubleLevel::Warning;
        QTest::newRow("drained") << pool(u"p"_s, PoolMode::Drained) << u"Drained"_s
                                 << TroubleLevel::Warning;
        QTest::newRow("throttled")
            << throttled << u"Throttled by upstream until 14:32:10"_s << TroubleLevel::Critical;
        QTest::newRow("throttle over") << throttleOver << u"Running"_s << TroubleLevel::Normal;
        QTest::newRow("paused wins") << pausedAndThrottled << u"Paused"_s << TroubleLevel::Warning;
    }
    void statusLine()
    {
        QFETCH(PoolStatus, status);
        QFETCH(QString, text);
        QFETCH(TroubleLevel, level);
        QCOMPARE(PoolTrouble::statusText(status, kNow), text);
        QCOMPARE(PoolTrouble::statusLevel(PoolTrouble::state(status, kNow)), level);
    }

    void worstFirst()
    {
        PoolStatus throttled = pool(u"throttled"_s);
        throttled.throttledUntil = kNow + 1000;
        const QList<PoolStatus> pools{
            pool(u"idle"_s),
            pool(u"busy"_s, PoolMode::Running, 40, 5),
            pool(u"full"_s, PoolMode::Running, 3, 10), // critical: 10 of 10 slots
            pool(u"drained"_s, PoolMode::Drained),
            pool(u"warm"_s, PoolMode::Running, 2, 8), // warning: 8 of 10 slots
            pool(u"paused"_s, PoolMode::Paused),
            pool(u"idle2"_s),
            throttled,
            pool(u"busier"_s, PoolMode::Running, 41, 5),
        };
        QStringList names;
        for (const PoolStatus &p : PoolTrouble::worstFirst(pools, levels(), kNow))
            names << p.name;
        QCOMPARE(names, (QStringList{u"throttled"_s, u"paused"_s, u"drained"_s, u"full"_s,
                                     u"warm"_s, u"busier"_s, u"busy"_s, u"idle"_s, u"idle2"_s}));
    }

    void pickerLabelsCarryCounts()
    {
        QCOMPARE(PoolTrouble::pickerLabel(pool(u"anam"_s), kNow), u"anam — 0 waiting"_s);
        QCOMPARE(PoolTrouble::pickerLabel(pool(u"elevenlabs"_s, PoolMode::Running, 170), kNow),
                 u"elevenlabs — 170 waiting"_s);
        QCOMPARE(PoolTrouble::pickerLabel(pool(u"big"_s, PoolMode::Paused, 12345), kNow),
                 u"big — paused, 12,345 waiting"_s);
        PoolStatus throttled = pool(u"x"_s, PoolMode::Running, 3);
        throttled.throttledUntil = kNow + 1;
        QCOMPARE(PoolTrouble::pickerLabel(throttled, kNow), u"x — throttled, 3 waiting"_s);
    }
};

QTEST_MAIN(TestPoolTrouble)
#include "tst_pooltrouble.moc"
