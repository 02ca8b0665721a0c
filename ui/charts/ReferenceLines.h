#pragma once

#include "charts/ReferenceLine.h"

#include <QList>

QT_BEGIN_NAMESPACE
class QChart;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace sluice {

/// Draws a chart's ReferenceLines as two-point line series on its axes (limit dashed, warning
/// dotted, in the colour of the series each belongs to), left out of the legend. Series are
/// reused while the number of lines stays the same, so a tick that sets the same lines again
/// costs nothing.
class ReferenceLines
{
public:
    ReferenceLines(QChart *chart, QValueAxis *axisX, QValueAxis *axisY);

    void set(const QList<ReferenceLine> &lines);
    const QList<ReferenceLine> &lines() const { return m_lines; }
    /// The lines of one series, in the order set.
    QList<ReferenceLine> linesOf(int series) const;
    /// Spans every line across [from, to] on the x axis.
    void setSpan(double from, double to);
    /// The highest line's value; 0 without lines.
    double highest() const;
    /// Recolours (after a palette change).
    void restyle();

private:
    void place(int index);

    QChart *m_chart;
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    QList<ReferenceLine> m_lines;
    QList<QLineSeries *> m_series;
    double m_from = -5;
    double m_to = 0;
};

} // namespace sluice
