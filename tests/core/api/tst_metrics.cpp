#include "RuntimeFixture.h"

#include "api/MetricsWriter.h"
#include "engine/Engine.h"

#include <QRegularExpression>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {
QString metric(const QString &text, const QString &sample)
{
    for (const QString &line : text.split(u'\n')) {
        if (line.startsWith(sample + u' '))
            return line.mid(sample.size() + 1);
    }
    return {};
}
} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void prometheusTextFormat()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        const Decision a = f.acquire(u"a"_s);
        f.acquire(u"b"_s);
        const Decision c = f.acquire(u"c"_s); // waits for a slot
        QVERIFY(c.queued());
        f.clock.advance(1500);
        QVERIFY(f.engine().release(a.id)); // c waited 1.5 s
        f.acquire(u"a"_s);                 // a's second: waits behind
        AcquireRequest impatient{u"llm"_s, u"d"_s, {}, {}, 0, false, 0};
        QVERIFY(f.engine().acquire(impatient).rejected());

        const QString text = QString::fromUtf8(prometheusMetrics(
            f.engine(), f.alerts().active().size(), f.configVersions().version()));
        const QRegularExpression sample(
            u"^sluice_[a-z_]+(\\{([a-z]+=\"[^\"\\\\\\n]*\",?)+\\})? -?[0-9.e+]+$"_s);
        for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(u"# HELP sluice_"_s) || line.startsWith(u"# TYPE sluice_"_s))
                continue;
            QVERIFY2(sample.match(line).hasMatch(), qPrintable(line));
        }
        QVERIFY(text.contains(u"# TYPE sluice_decisions_total counter"_s));
        QCOMPARE(
            metric(
                text,
                u"sluice_decisions_total{pool=\"llm\",tier=\"free\",result=\"granted\",reason=\"NONE\"}"_s),
            u"2"_s);
        QCOMPARE(
            metric(
                text,
                u"sluice_decisions_total{pool=\"llm\",tier=\"free\",result=\"queued\",reason=\"POOL_CONCURRENCY\"}"_s),
            u"2"_s);
        QCOMPARE(
            metric(
                text,
                u"sluice_decisions_total{pool=\"llm\",tier=\"free\",result=\"granted\",reason=\"QUEUED_BEHIND\"}"_s),
            u"1"_s);
        QVERIFY(
            !metric(
                 text,
                 u"sluice_decisions_total{pool=\"llm\",tier=\"free\",result=\"rejected\",reason=\"RATE_LIMITED\"}"_s)
                 .isEmpty());
        QCOMPARE(
            metric(
                text,
                u"sluice_requests_ended_total{pool=\"llm\",tier=\"free\",reason=\"RELEASED\"}"_s),
            u"1"_s);
        QCOMPARE(metric(text, u"sluice_pool_in_use{pool=\"llm\"}"_s), u"2"_s);
        QCOMPARE(metric(text, u"sluice_pool_max_concurrent{pool=\"llm\"}"_s), u"2"_s);
        QCOMPARE(metric(text, u"sluice_queue_length{pool=\"llm\"}"_s), u"1"_s);
        QCOMPARE(metric(text, u"sluice_requests_per_minute_limit{pool=\"llm\"}"_s), u"10"_s);
        QCOMPARE(metric(text, u"sluice_tier_requests_today{tier=\"free\"}"_s), u"3"_s);
        QCOMPARE(metric(text, u"sluice_tier_daily_requests_limit{tier=\"pro\"}"_s), u"100"_s);
        QVERIFY(text.contains(u"# TYPE sluice_queue_wait_seconds histogram"_s));
        QCOMPARE(metric(text, u"sluice_queue_wait_seconds_bucket{pool=\"llm\",le=\"1\"}"_s),
                 u"0"_s);
        QCOMPARE(metric(text, u"sluice_queue_wait_seconds_bucket{pool=\"llm\",le=\"2.5\"}"_s),
                 u"1"_s);
        QCOMPARE(metric(text, u"sluice_queue_wait_seconds_bucket{pool=\"llm\",le=\"+Inf\"}"_s),
                 u"1"_s);
        QCOMPARE(metric(text, u"sluice_queue_wait_seconds_sum{pool=\"llm\"}"_s), u"1.5"_s);
        QCOMPARE(metric(text, u"sluice_queue_wait_seconds_count{pool=\"llm\"}"_s), u"1"_s);
        QCOMPARE(metric(text, u"sluice_config_version"_s), u"1"_s);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
