#include "GatewayFixture.h"
#include "LocalStack.h"

#include "charts/ChartHover.h"
#include "charts/LiveChartPanel.h"
#include "charts/PoolMeasure.h"
#include "pages/OverviewPage.h"
#include "remote/RemoteTransport.h"
#include "util/Scheduler.h"

#include <QApplication>
#include <QChart>
#include <QLineSeries>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// The Overview's live charts on real backends: they start from the gateway's last hour
/// (GET /v1/samples) on the embedded engine and on a remote gateway, fill the gap after a
/// reconnection, draw the limit and the alert rule's warning level, and say what is under the
/// mouse. Engine time is a manual clock; the process runs in UTC (main below).
class TestChartBackfill : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kStart = EngineFixture::kStart; // 2026-01-01 10:00:00 UTC

    /// Pool "llm" with 4 slots; the concurrency rule warns at 50%.
    static EngineConfig config()
    {
        EngineConfig c = EngineFixture::defaultTestConfig();
        c.pools.first().maxConcurrent = 4;
        c.pools.first().leaseIdleTimeoutMs = 3600'000;
        c.alertRules.first().threshold = 0.5;
        c.alertRules.first().clearBelow = 0.4;
        return c;
    }

    static LiveChartPanel *slotChart(const OverviewPage &page)
    {
        return page.liveCharts().at(PoolMeasure::Slots);
    }

    static QList<QPointF> pointsOf(const LiveChartPanel &chart, const QString &name)
    {
        for (QAbstractSeries *series : chart.chart()->series()) {
            if (series->name() == name)
                return static_cast<QLineSeries *>(series)->points();
        }
        return {};
    }

private slots:
    void embeddedEngineChartsStartFromItsHistory()
    {
        LocalStack s(Role::Support, config());
        QVERIFY(s.backend);
        const RequestId ann = s.acquire(u"ann"_s).id;
        s.acquire(u"bob"_s, u"pro"_s);
        for (int second = 1; second <= 30; ++second) {
            if (second == 20)
                QVERIFY(s.engine().release(ann).ok());
            s.advance(1000);
        }
        OverviewPage page(*s.backend);
        QTRY_COMPARE_WITH_TIMEOUT(page.backfillsMerged(), 1, 10'000);
        LiveChartPanel *chart = slotChart(page);
        QCOMPARE(chart->seriesNames(), QStringList{u"llm"_s});
        QCOMPARE(chart->sampleCount(0), 31); // kStart (opening) to kStart + 30 s
        QCOMPARE(page.liveCharts().at(PoolMeasure::Requests)->sampleCount(0), 31);

        // What the hover says for a known sample, and the marker it draws there.
        // The alert rule's level (50%) once the configuration is read, not the default 80%.
        QTRY_VERIFY_WITH_TIMEOUT(chart->referenceLines().size() == 2
                                     && chart->referenceLines().at(1).value == 2.0,
                                 10'000);
        QCOMPARE(chart->hoverText(kStart + 10'000),
                 u"10:00:10\nllm: 2 slots · limit 4"_s);
        QCOMPARE(chart->hoverText(kStart + 25'400),
                 u"10:00:25\nllm: 1 slot · limit 4"_s);
        QVERIFY(chart->hoverText(kStart - 60'000).isEmpty());
        page.resize(1024, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        chart->refresh(kStart + 30'000);
        chart->hover()->showAt(-20.0 / 60); // 20 s before the newest sample
        QCOMPARE(chart->hover()->text(), chart->hoverText(kStart + 10'000));
        chart->hover()->hide();
        QVERIFY(chart->hover()->text().isEmpty());
    }

    void thresholdLineFollowsTheAlertRule()
    {
        LocalStack s(Role::Admin, config());
        QVERIFY(s.backend);
        OverviewPage page(*s.backend);
        LiveChartPanel *chart = slotChart(page);
        const auto warningAt = [&] {
            page.tick();
            for (const ReferenceLine &line : chart->referenceLines()) {
                if (line.kind == ReferenceLine::Kind::Warning)
                    return line.value;
            }
            return -1.0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(warningAt(), 2.0, 10'000); // 50% of 4 slots
        const QList<ReferenceLine> lines = chart->referenceLines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.first().kind, ReferenceLine::Kind::Limit);
        QCOMPARE(lines.first().value, 4.0);
        // Drawn where they say, across the whole range.
        QCOMPARE(pointsOf(*chart, u"warning at 50%: 2"_s),
                 (QList<QPointF>{QPointF(-5, 2), QPointF(0, 2)}));
        QCOMPARE(pointsOf(*chart, u"limit 4"_s), (QList<QPointF>{QPointF(-5, 4), QPointF(0, 4)}));

        EngineConfig changed = config();
        changed.alertRules.first().threshold = 0.75;
        changed.alertRules.first().clearBelow = 0.6;
        QVERIFY(s.configVersions().apply(changed, u"tester"_s).ok());
        QTRY_COMPARE_WITH_TIMEOUT(warningAt(), 3.0, 10'000);
        // Requests per minute (10) has no rule: the default 80% level.
        const QList<ReferenceLine> rpm =
            page.liveCharts().at(PoolMeasure::Requests)->referenceLines();
        QCOMPARE(rpm.size(), 2);
        QCOMPARE(rpm.at(1).value, 8.0);
    }

    void remoteChartsFillTheGapAfterAReconnect()
    {
        GatewayFixture f(config());
        GatewayOptions options = f.options();
        options.webSockets.idleTimeoutMs = 300;
        QVERIFY(f.start(options));
        const auto acquire = [&](const QString &user) {
            AcquireRequest request;
            request.pool = u"llm"_s;
            request.user = user;
            return f.engine().acquire(request).id;
        };
        const RequestId ann = acquire(u"ann"_s);
        acquire(u"bob"_s);
        for (int second = 1; second <= 20; ++second)
            f.advance(1000);

        // A dashboard that starts now (or restarts) sees the gateway's past.
        RemoteSettings settings;
        settings.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(f.gateway->port()));
        settings.apiKey = QString::fromLatin1(f.createKey(Role::Support));
        settings.firstRetryMs = 50;
        settings.heartbeatMs = 60'000;
        Scheduler timers(f.clock, false);
        RemoteTransport transport(settings, timers);
        ApiBackend backend(transport, u"Remote"_s, f.clock);
        OverviewPage page(backend);
        QTRY_COMPARE_WITH_TIMEOUT(page.backfillsMerged(), 1, 10'000);
        LiveChartPanel *chart = slotChart(page);
        QCOMPARE(chart->sampleCount(0), 21);

        // The stream goes idle and the gateway drops it; the pool goes on meanwhile.
        f.advance(300);
        timers.advance();
        QTRY_COMPARE_WITH_TIMEOUT(backend.connectionState(), ConnectionState::Reconnecting, 10'000);
        QVERIFY(f.engine().release(ann).ok());
        for (int second = 1; second <= 10; ++second)
            f.advance(1000);
        QCOMPARE(chart->sampleCount(0), 21);
        f.advance(transport.scheduledRetryMs());
        timers.advance();
        QTRY_COMPARE_WITH_TIMEOUT(backend.connectionState(), ConnectionState::Connected, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(page.backfillsMerged(), 2, 10'000);
        QCOMPARE(chart->sampleCount(0), 31);
        QTRY_VERIFY_WITH_TIMEOUT(chart->hoverText(kStart + 25'300).contains(u"limit"_s), 10'000);
        QCOMPARE(chart->hoverText(kStart + 25'300),
                 u"10:00:25\nllm: 1 slot · limit 4"_s);
        QCOMPARE(chart->hoverText(kStart + 15'000).section(u'\n', 1),
                 u"llm: 2 slots · limit 4"_s);
    }
};

int main(int argc, char **argv)
{
    qputenv("TZ", "UTC"); // the hover shows local time
    QApplication app(argc, argv);
    TestChartBackfill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_chartbackfill.moc"
