#include "FakeBackend.h"
#include "SampleData.h"

#include "charts/BarChartPanel.h"
#include "charts/LiveChartPanel.h"
#include "pages/OverviewPage.h"
#include "widgets/PoolGauges.h"

#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

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
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
