#pragma once

#include "charts/ChartPanel.h"
#include "charts/SampleRing.h"
#include "util/Clock.h"

#include <QPointF>
#include <QStringList>

#include <vector>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace sluice {

/// A live line chart: one series per name, each keeping the last hour of 1 Hz samples in a
/// fixed ring (kCapacity points). append() only stores; refresh() hands each series the
/// samples inside the range with one QXYSeries::replace(), once per UI tick (the Qt Charts
/// audio example's way). The x axis is minutes before now.
class LiveChartPanel : public ChartPanel
{
    Q_OBJECT

public:
    static constexpr qsizetype kCapacity = 3600;
    /// Pixel columns assumed before the chart has been laid out.
    static constexpr int kDefaultColumns = 600;

    LiveChartPanel(const QString &title, const QString &unit, QWidget *parent = nullptr);
    ~LiveChartPanel() override;

    /// One series per name; changing the names starts every series afresh.
    void setSeriesNames(const QStringList &names);
    QStringList seriesNames() const { return m_names; }
    /// One value per series (missing values count as 0), taken at `at`.
    void append(TimeMs at, const QList<double> &values);
    /// 5, 15 or 60.
    void setRangeMinutes(int minutes);
    int rangeMinutes() const { return m_rangeMinutes; }
    /// Redraws every series for the window ending at `now`.
    void refresh(TimeMs now);
    qsizetype sampleCount(int series) const;

protected:
    void paletteApplied() override;

private:
    int plotColumns() const;
    struct Sample
    {
        TimeMs at = 0;
        double value = 0;
    };

    QString m_unit;
    QStringList m_names;
    std::vector<SampleRing<Sample>> m_rings;
    QList<QLineSeries *> m_series;
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    int m_rangeMinutes = 5;
    double m_top = 0;
    QList<QPointF> m_scratch;
    QList<QPointF> m_drawn;  // m_scratch thinned to the plot's pixel columns
};

} // namespace sluice
