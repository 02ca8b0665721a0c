#include "charts/ReferenceLines.h"

#include "charts/ChartPanel.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace sluice {

ReferenceLines::ReferenceLines(QChart *chart, QValueAxis *axisX, QValueAxis *axisY)
    : m_chart(chart)
    , m_axisX(axisX)
    , m_axisY(axisY)
{}

void ReferenceLines::set(const QList<ReferenceLine> &lines)
{
    if (lines == m_lines)
        return;
    m_lines = lines;
    while (m_series.size() > m_lines.size()) {
        QLineSeries *series = m_series.takeLast();
        m_chart->removeSeries(series);
        delete series;
    }
    while (m_series.size() < m_lines.size()) {
        auto *series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        for (QLegendMarker *marker : m_chart->legend()->markers(series))
            marker->setVisible(false);
        m_series.append(series);
    }
    for (int i = 0; i < m_lines.size(); ++i)
        place(i);
    restyle();
}

QList<ReferenceLine> ReferenceLines::linesOf(int series) const
{
    QList<ReferenceLine> found;
    for (const ReferenceLine &line : m_lines) {
        if (line.series == series)
            found.append(line);
    }
    return found;
}

void ReferenceLines::setSpan(double from, double to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    for (int i = 0; i < m_lines.size(); ++i)
        place(i);
}

double ReferenceLines::highest() const
{
    double top = 0;
    for (const ReferenceLine &line : m_lines)
        top = std::max(top, line.value);
    return top;
}

void ReferenceLines::restyle()
{
    for (int i = 0; i < m_lines.size(); ++i) {
        const ReferenceLine &line = m_lines.at(i);
        QPen pen(ChartPanel::seriesColor(line.series));
        pen.setWidthF(line.kind == ReferenceLine::Kind::Limit ? 1.5 : 1.2);
        pen.setStyle(line.kind == ReferenceLine::Kind::Limit ? Qt::DashLine : Qt::DotLine);
        m_series.at(i)->setPen(pen);
        m_series.at(i)->setName(line.label);
    }
}

void ReferenceLines::place(int index)
{
    const double value = m_lines.at(index).value;
    m_series.at(index)->replace({QPointF(m_from, value), QPointF(m_to, value)});
}

} // namespace sluice
