#pragma once

#include "charts/ChartPanel.h"
#include "charts/ReferenceLine.h"
#include "charts/SampleRing.h"
#include "util/Clock.h"

#include <QPointF>
#include <QStringList>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace sluice {

class ChartHover;
class ReferenceLines;

/// A live line chart: one series per name, each keeping the last hour of 1 Hz samples in a
/// fixed ring (kCapacity points). append() only stores; refresh() hands each series the
/// samples inside the range with one QXYSeries::replace(), once per UI tick (the Qt Charts
/// audio example's way), thinned to the plot's pixel columns (SeriesDecimator). The x axis is
/// minutes before now; the y axis counts `unit` (plural, e.g. "slots").
///
/// Reference lines mark each series' limit and warning level; the y axis reaches up to them
/// when fitReferenceLines is on. Under the mouse a marker line shows the time and every
/// series' value there (hoverText()). merge() fills the rings from the gateway's history.
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
    /// Samples from elsewhere (the gateway's history): `columns[i]` holds series i's values at
    /// `times` (increasing; NaN where it has none). Within [times.first, times.last] they
    /// replace what the rings held; samples outside that span stay.
    void merge(const QList<TimeMs> &times, const QList<QList<double>> &columns);
    void setReferenceLines(const QList<ReferenceLine> &lines);
    QList<ReferenceLine> referenceLines() const;
    /// Whether the y axis reaches up to the highest reference line (off: lines above the data
    /// are out of view until the data nears them).
    void setFitReferenceLines(bool fit) { m_fitReferences = fit; }
    /// 5, 15 or 60.
    void setRangeMinutes(int minutes);
    int rangeMinutes() const { return m_rangeMinutes; }
    /// Redraws every series for the window ending at `now`.
    void refresh(TimeMs now);
    qsizetype sampleCount(int series) const;
    QString unit() const { return m_unit; }
    QValueAxis *axisY() const { return m_axisY; }

    /// What the hover shows at `at`: the time, then per series the value of the sample
    /// nearest `at` (within two seconds) and its limit. Empty when there is none.
    QString hoverText(TimeMs at) const;
    ChartHover *hover() const { return m_hover; }

protected:
    void paletteApplied() override;

private:
    struct Sample
    {
        TimeMs at = 0;
        double value = 0;
    };

    int plotColumns() const;
    /// The sample of `ring` nearest `at`, if one is within `tolerance` ms.
    static const Sample *nearest(const SampleRing<Sample> &ring, TimeMs at, qint64 tolerance);

    QString m_unit;
    QStringList m_names;
    std::vector<SampleRing<Sample>> m_rings;
    QList<QLineSeries *> m_series;
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    std::unique_ptr<ReferenceLines> m_references;
    ChartHover *m_hover;
    bool m_fitReferences = true;
    int m_rangeMinutes = 5;
    double m_top = 0;
    TimeMs m_now = 0;
    QList<QPointF> m_scratch;
    QList<QPointF> m_drawn;  // m_scratch thinned to the plot's pixel columns
};

} // namespace sluice
