#include "charts/BarChartPanel.h"
#include "charts/LiveChartPanel.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QImage>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestChartPanel : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kStart = 1'767'261'600'000;

    static QList<QLineSeries *> lines(const LiveChartPanel &panel)
    {
        QList<QLineSeries *> result;
        for (QAbstractSeries *series : panel.chart()->series())
            result << qobject_cast<QLineSeries *>(series);
        return result;
    }

private slots:
    void ringKeepsTheLastHour()
    {
        SampleRing<int> ring(3);
        for (int i = 1; i <= 5; ++i)
            ring.push(i);
        QCOMPARE(ring.size(), 3);
        QCOMPARE(ring.at(0), 3);
        QCOMPARE(ring.newest(), 5);

        LiveChartPanel panel(u"Slots"_s, u"requests"_s);
        panel.setSeriesNames({u"a"_s, u"b"_s});
        for (int second = 0; second < 4000; ++second)
            panel.append(kStart + second * 1000, {double(second % 7), 1.0});
        QCOMPARE(panel.sampleCount(0), LiveChartPanel::kCapacity);
        QCOMPARE(panel.sampleCount(1), 3600);
        panel.setRangeMinutes(60);
        panel.refresh(kStart + 3999 * 1000);
        // Drawn thinned: at most two points (low and high) per pixel column, peaks kept.
        QVERIFY(lines(panel).at(0)->count() <= 2 * LiveChartPanel::kDefaultColumns);
        const QList<QPointF> drawn = lines(panel).at(0)->points();
        QCOMPARE(std::max_element(drawn.cbegin(), drawn.cend(), [](QPointF a, QPointF b) {
                     return a.y() < b.y();
                 })->y(), 6.0);
    }

    void replaceOncePerTick()
    {
        LiveChartPanel panel(u"Slots"_s, u"requests"_s);
        panel.setSeriesNames({u"anthropic"_s, u"elevenlabs"_s, u"anam"_s});
        QList<QSignalSpy *> spies;
        for (QLineSeries *series : lines(panel)) {
            QVERIFY(series);
            spies << new QSignalSpy(series, &QXYSeries::pointsReplaced);
        }
        QSignalSpy added(lines(panel).at(0), &QXYSeries::pointAdded);
        for (int tick = 1; tick <= 5; ++tick) {
            panel.append(kStart + tick * 1000, {1.0, 2.0, 3.0});
            panel.refresh(kStart + tick * 1000);
            for (QSignalSpy *spy : std::as_const(spies))
                QCOMPARE(spy->count(), tick);
        }
        QCOMPARE(added.count(), 0);
        QCOMPARE(lines(panel).at(2)->count(), 5);
        QCOMPARE(lines(panel).at(2)->at(4), QPointF(0.0, 3.0));
        QCOMPARE(panel.chart()->animationOptions(), QChart::NoAnimation);
        qDeleteAll(spies);
    }

    void rangeLimitsThePointsShown_data()
    {
        QTest::addColumn<int>("minutes");
        QTest::newRow("5") << 5;
        QTest::newRow("15") << 15;
        QTest::newRow("60") << 60;
    }
    void rangeLimitsThePointsShown()
    {
        QFETCH(int, minutes);
        LiveChartPanel panel(u"Queue"_s, u"tickets"_s);
        panel.setSeriesNames({u"p"_s});
        for (int second = 0; second < 3600; ++second)
            panel.append(kStart + second * 1000, {10.0});
        panel.setRangeMinutes(minutes);
        panel.refresh(kStart + 3599 * 1000);
        const qsizetype inRange = qMin(3600, minutes * 60 + 1);
        if (inRange <= 2 * LiveChartPanel::kDefaultColumns)
            QCOMPARE(lines(panel).at(0)->count(), inRange);
        else  // thinned to the plot's columns
            QVERIFY(lines(panel).at(0)->count() <= 2 * LiveChartPanel::kDefaultColumns);
        auto *axisX = qobject_cast<QValueAxis *>(panel.chart()->axes(Qt::Horizontal).first());
        QCOMPARE(axisX->min(), double(-minutes));
        auto *axisY = qobject_cast<QValueAxis *>(panel.chart()->axes(Qt::Vertical).first());
        QVERIFY(axisY->max() >= 10.0);
    }

    void refreshOfEightFullHourSeries()
    {
        LiveChartPanel panel(u"Slots"_s, u"requests"_s);
        QStringList names;
        for (int i = 0; i < 8; ++i)
            names << u"pool"_s + QString::number(i);
        panel.setSeriesNames(names);
        panel.setRangeMinutes(60);
        QList<double> values(8, 1.0);
        TimeMs now = kStart;
        for (int second = 0; second < 3600; ++second)
            panel.append(now += 1000, values);
        QBENCHMARK
        {
            panel.append(now += 1000, values);
            panel.refresh(now);
        }
        QCOMPARE(panel.sampleCount(7), 3600);
        QVERIFY(lines(panel).at(7)->count() <= 2 * LiveChartPanel::kDefaultColumns);
    }

    void newSeriesNamesStartAfresh()
    {
        LiveChartPanel panel(u"Slots"_s, u"requests"_s);
        panel.setSeriesNames({u"a"_s});
        panel.append(kStart, {1.0});
        panel.setSeriesNames({u"a"_s, u"b"_s});
        QCOMPARE(panel.sampleCount(0), 0);
        QCOMPARE(lines(panel).size(), 2);
        QCOMPARE(lines(panel).at(1)->name(), u"b"_s);
    }

    void barChartUpdatesInPlace()
    {
        BarChartPanel panel(u"Cost today"_s, u"USD"_s, 2);
        panel.setValues({u"free"_s, u"pro"_s}, {1.234, 18.5});
        QCOMPARE(panel.values(), (QList<double>{1.23, 18.5}));
        auto *series = qobject_cast<QBarSeries *>(panel.chart()->series().first());
        QBarSet *set = series->barSets().first();
        QSignalSpy replaced(set, &QBarSet::valueChanged);
        panel.setValues({u"free"_s, u"pro"_s}, {1.234, 20.0});
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(series->barSets().first(), set);
        panel.setValues({u"free"_s, u"pro"_s, u"enterprise"_s}, {1, 2, 3});
        QCOMPARE(panel.categories().size(), 3);
        QCOMPARE(panel.values(), (QList<double>{1, 2, 3}));
    }

    void exportsPng()
    {
        QTemporaryDir dir;
        LiveChartPanel panel(u"Slots"_s, u"requests"_s);
        panel.resize(400, 300);
        panel.setSeriesNames({u"a"_s});
        for (int second = 0; second < 120; ++second)
            panel.append(kStart + second * 1000, {3.0});
        panel.refresh(kStart + 119'000);
        const QString path = dir.filePath(u"chart.png"_s);
        QVERIFY(panel.exportPng(path));
        const QImage image(path);
        // At least twice the size on screen, whatever the screen's pixel ratio.
        QCOMPARE(image.size(), QSize(800, 600));
        QCOMPARE(panel.exportImage().devicePixelRatio(), ChartPanel::kExportScale);
        // The series is drawn in it: a row of its colour, two pixels thick at 2x.
        const QRgb line = ChartPanel::seriesColor(0).rgb();
        int pixels = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                pixels += image.pixel(x, y) == line ? 1 : 0;
        }
        QVERIFY2(pixels > 100, qPrintable(QString::number(pixels)));
        QVERIFY(!panel.exportPng(dir.filePath(u"missing/dir/chart.png"_s)));
    }
};

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
