#include "FakeBackend.h"
#include "SampleData.h"

#include "charts/BarChartPanel.h"
#include "charts/LiveChartPanel.h"
#include "charts/PoolMeasure.h"
#include "pages/OverviewPage.h"
#include "widgets/PoolGauges.h"
#include "widgets/ReplicasPanel.h"
#include "widgets/SpendHistoryPanel.h"

#include <QLabel>
#include <QTableWidget>

#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestOverviewPage : public QObject
{
    Q_OBJECT

private slots:
    void gaugesShowInUseAgainstLimit()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        QProgressBar *slotBar = page.gauges()->bar(u"anthropic"_s, PoolGauges::Concurrency);
        QVERIFY(slotBar);
        QCOMPARE(slotBar->text(), u"5 / 5 slots · critical"_s);
        QCOMPARE(slotBar->value(), slotBar->maximum());
        QCOMPARE(page.gauges()->bar(u"anthropic"_s, PoolGauges::TokensPerMinute)->text(),
                 u"151,000 / 200,000"_s);
        QCOMPARE(page.gauges()->bar(u"elevenlabs"_s, PoolGauges::RequestsPerMinute)->text(),
                 u"7 (no limit)"_s);
        QCOMPARE(page.gauges()->bar(u"anthropic"_s, PoolGauges::Queue)->text(),
                 u"23 / 1,000 waiting"_s);

        DashboardSnapshot next = backend.current;
        next.pools[0].inUse = 2;
        backend.publish(next);
        QCOMPARE(page.gauges()->bar(u"anthropic"_s, PoolGauges::Concurrency), slotBar);
        QCOMPARE(slotBar->text(), u"2 / 5 slots"_s);
    }

    void tierBarsShowTodaysRequestsAndCost()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        QCOMPARE(page.tierRequestsChart()->categories(),
                 (QStringList{u"free"_s, u"basic"_s, u"pro"_s, u"enterprise"_s}));
        QCOMPARE(page.tierRequestsChart()->values(), (QList<double>{412, 1530, 2904, 5120}));
        QCOMPARE(page.tierCostChart()->values(), (QList<double>{1.24, 6.81, 18.45, 41.2}));
    }

    void spendTodayPerPoolAndPerDay()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        backend.spendDays = {{20'450, u"anthropic"_s, u"pro"_s, 10, 9000, 4'320'000'000, 432},
                             {20'451, u"anthropic"_s, u"free"_s, 1, 100, 10'000'000, 1}};
        DashboardSnapshot next = backend.current;
        next.pools[0].costNanoUsdToday = 4'320'000'000;
        next.pools[0].creditsToday = 432;
        next.pools[1].creditsToday = 1;
        next.pools[1].costNanoUsdToday = 1'000'000;
        backend.publish(next);
        OverviewPage page(backend);
        QCOMPARE(page.gauges()->spendLabel(u"anthropic"_s)->text(), u"$4.32 · 432 credits"_s);
        QCOMPARE(page.gauges()->spendLabel(u"elevenlabs"_s)->text(), u"$0.0010 · 1 credit"_s);
        QCOMPARE(page.gauges()->spendLabel(u"anam"_s)->text(), u"$0.00 · 0 credits"_s);
        page.spendHistory()->refresh();
        QTableWidget *table = page.spendHistory()->table();
        QTRY_COMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), u"2025-12-29"_s); // newest first
        QCOMPARE(table->item(0, 4)->text(), u"$0.0100"_s);
        QCOMPARE(table->item(1, 4)->text(), u"$4.32"_s);
        QCOMPARE(table->item(1, 5)->text(), u"432"_s);

        backend.spendDays.clear();
        page.spendHistory()->refresh();
        QTRY_COMPARE(table->rowCount(), 0);
        QCOMPARE(page.spendHistory()->message()->text(), u"No spend recorded in the last 30 days"_s);
    }

    void replicasShowOnlyWhenTheGatewayShares()
    {
        FakeBackend backend(Role::Support);
        OverviewPage page(backend);
        QTRY_VERIFY(backend.replicaCalls >= 1); // asked at start; a local gateway
        QVERIFY(page.replicas()->isHidden());

        ReplicaStatus shared;
        shared.shared = true;
        shared.deployment = u"prod"_s;
        shared.replica = u"a"_s;
        shared.redis = u"redis://10.0.0.5:6379/0"_s;
        shared.ready = true;
        shared.roundTripMs = 0.4;
        shared.replicas = {{u"a"_s, 0, 200}, {u"b"_s, 0, 800}, {u"c"_s, 0, 12'000}};
        backend.replicaStatus = shared;
        page.replicas()->refresh();
        QTRY_VERIFY(!page.replicas()->isHidden());
        QCOMPARE(page.replicas()->summary()->text(),
                 u"This is replica a of deployment prod; Redis at redis://10.0.0.5:6379/0 answers "
                 "in 0.4 ms."_s);
        QTableWidget *table = page.replicas()->table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 2)->text(), u"this replica"_s);
        QCOMPARE(table->item(1, 2)->text(), u"alive"_s);
        QCOMPARE(table->item(2, 2)->text(), u"silent for 12 s"_s);

        backend.replicaStatus.ready = false;
        backend.replicaStatus.problem = u"Connection refused"_s;
        backend.replicaStatus.held = 4;
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->summary()->text().contains(
            u"Every pool keeps new requests that may wait here until it answers (4 waiting now), "
            "and refuses the others (503 REDIS_UNAVAILABLE)."_s));
        QVERIFY(page.replicas()->summary()->text().contains(u"Connection refused"_s));

        // local_share pools decide alone meanwhile; then Redis is back, and they recover.
        backend.replicaStatus.alone = true;
        backend.replicaStatus.aloneForMs = 90'000;
        backend.replicaStatus.aloneAdmissionsTotal = 42;
        backend.replicaStatus.liveReplicas = 3;
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->summary()->text().contains(u"Other pools keep new"_s));
        const QString alone = page.replicas()->summary()->text();
        QVERIFY2(alone.contains(u"decided by this replica alone"_s) && alone.contains(u"1/3"_s)
                     && alone.contains(u"42 granted"_s),
                 qPrintable(alone));
        backend.replicaStatus.ready = true;
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->summary()->text().contains(u"Recovering. Pools set to"_s));
        QVERIFY(page.replicas()->summary()->text().contains(u"answers in 0.4 ms."_s));
        QVERIFY(page.replicas()->summary()->text().contains(
            u"4 requests that waited here while it was away are being sent to it."_s));
        backend.replicaStatus.held = 0;

        // The deployment's configuration: its version, and a document this replica refused.
        backend.replicaStatus.alone = false;
        backend.replicaStatus.configVersion = 7;
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->summary()->text().endsWith(
            u"Configuration: the deployment's version 7."_s));
        backend.replicaStatus.configProblem = u"the deployment's configuration version 8 (from "
                                              "replica b) was refused here: pools must be an "
                                              "array"_s;
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->summary()->text().contains(u"version 8 (from replica b)"_s));

        backend.replicaStatus = {};
        page.replicas()->refresh();
        QTRY_VERIFY(page.replicas()->isHidden());
    }

    void eachTickSamplesOnce()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        page.tick();
        page.tick(); // same snapshot time: no second sample
        LiveChartPanel *slotBar = page.liveCharts().first();
        QCOMPARE(slotBar->seriesNames(), (QStringList{u"anthropic"_s, u"elevenlabs"_s, u"anam"_s}));
        QCOMPARE(slotBar->sampleCount(0), 1);
        for (int second = 1; second <= 10; ++second) {
            backend.current.at = SampleData::kNow + second * 1000;
            page.tick();
        }
        QCOMPARE(slotBar->sampleCount(0), 11);
        QCOMPARE(page.liveCharts().at(2)->sampleCount(2), 11);
    }

    void rangeButtonsSetEveryChart()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        QSignalSpy changed(&page, &OverviewPage::rangeChanged);
        QToolButton *sixty = nullptr;
        for (QToolButton *button : page.findChildren<QToolButton *>()) {
            if (button->text() == u"60 min")
                sixty = button;
        }
        QVERIFY(sixty);
        QTest::mouseClick(sixty, Qt::LeftButton);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toInt(), 60);
        for (LiveChartPanel *chart : page.liveCharts())
            QCOMPARE(chart->rangeMinutes(), 60);
        page.setRangeMinutes(7); // not offered: falls back to 5
        QCOMPARE(page.rangeMinutes(), 5);
    }

    void chartsSayWhatTheyCount()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        QStringList titles, units;
        for (LiveChartPanel *chart : page.liveCharts()) {
            titles << chart->title();
            units << chart->axisY()->titleText();
        }
        QCOMPARE(titles, (QStringList{u"Slots in use"_s, u"Requests in the last minute"_s,
                                      u"Tokens in the last minute"_s, u"Waiting tickets"_s}));
        QCOMPARE(units, (QStringList{u"slots"_s, u"requests"_s, u"tokens"_s, u"tickets"_s}));
        // The TPM chart against each pool's TPM limit: anthropic 200,000 (warning at 80%).
        page.tick();
        LiveChartPanel *tokens = page.liveCharts().at(PoolMeasure::Tokens);
        QCOMPARE(tokens->referenceLines().first().value, 200'000.0);
        QCOMPARE(tokens->referenceLines().at(1).label, u"warning at 80%: 160,000"_s);
        QCOMPARE(tokens->hoverText(SampleData::kNow).section(u'\n', 1, 1),
                 u"anthropic: 151,000 tokens · limit 200,000"_s);
    }

    void backfillsOnOpenAndAfterEachReconnect()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        SampleHistory history;
        history.now = SampleData::kNow;
        history.intervalMs = 1000;
        for (int second = 120; second >= 1; --second)
            history.at << SampleData::kNow - second * 1000;
        PoolSeries anthropic{u"anthropic"_s, {}, {}, {}, {}};
        for (qsizetype i = 0; i < history.at.size(); ++i) {
            anthropic.inUse << i % 6;
            anthropic.requests << i;
            anthropic.tokens << 1000 * i;
            anthropic.waiting << 0;
        }
        history.pools = {anthropic};
        backend.samplesHistory = history;

        OverviewPage page(backend);
        QCOMPARE(backend.samplesAsked, QList<TimeMs>{0});
        QCOMPARE(page.backfillsMerged(), 1);
        LiveChartPanel *slotChart = page.liveCharts().first();
        QCOMPARE(slotChart->sampleCount(0), 120);
        QCOMPARE(slotChart->sampleCount(1), 0); // elevenlabs: not in the history
        page.tick();
        QCOMPARE(slotChart->sampleCount(0), 121);

        backend.setState(ConnectionState::Reconnecting);
        backend.setState(ConnectionState::Connected);
        // Asks only for what came after the newest sample shown before the connection broke.
        QCOMPARE(backend.samplesAsked, (QList<TimeMs>{0, SampleData::kNow}));
        QCOMPARE(page.backfillsMerged(), 2);

        backend.samplesHistory.reset(); // an older gateway: the charts go on from what they have
        backend.setState(ConnectionState::Reconnecting);
        backend.setState(ConnectionState::Connected);
        QCOMPARE(page.backfillsMerged(), 2);
        QCOMPARE(slotChart->sampleCount(0), 121);
    }
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
