#include "charts/LiveChartPanel.h"

#include "charts/SeriesDecimator.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

LiveChartPanel::LiveChartPanel(const QString &title, const QString &unit, QWidget *parent)
    : ChartPanel(title, parent)
    , m_unit(unit)
    , m_axisX(new QValueAxis(this))
    , m_axisY(new QValueAxis(this))
{
    m_axisX->setTitleText(u"minutes ago"_s);
    m_axisX->setLabelFormat(u"%d"_s);
    m_axisY->setTitleText(unit);
    m_axisY->setLabelFormat(u"%g"_s);
    m_axisY->setRange(0, 1);
    chart()->addAxis(m_axisX, Qt::AlignBottom);
    chart()->addAxis(m_axisY, Qt::AlignLeft);
    setRangeMinutes(5);
    m_scratch.reserve(kCapacity);
    applyPalette();
}

LiveChartPanel::~LiveChartPanel() = default;

void LiveChartPanel::setSeriesNames(const QStringList &names)
{
    if (names == m_names)
        return;
    m_names = names;
    for (QLineSeries *series : std::as_const(m_series)) {
        chart()->removeSeries(series);
        delete series;
    }
    m_series.clear();
    m_rings.clear();
    for (int i = 0; i < names.size(); ++i) {
        auto *series = new QLineSeries;
        series->setName(names.at(i));
        series->setUseOpenGL(false);
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        m_series.append(series);
        m_rings.emplace_back(kCapacity);
    }
    paletteApplied();
}

void LiveChartPanel::append(TimeMs at, const QList<double> &values)
{
    for (std::size_t i = 0; i < m_rings.size(); ++i) {
        const qsizetype index = qsizetype(i);
        m_rings[i].push({at, index < values.size() ? values.at(index) : 0.0});
    }
}

void LiveChartPanel::setRangeMinutes(int minutes)
{
    m_rangeMinutes = std::clamp(minutes, 1, 60);
    m_axisX->setRange(-m_rangeMinutes, 0);
    m_axisX->setTickCount(m_rangeMinutes == 5 ? 6 : m_rangeMinutes == 15 ? 4 : 7);
}

void LiveChartPanel::refresh(TimeMs now)
{
    const TimeMs from = now - TimeMs(m_rangeMinutes) * 60'000;
    double highest = 0;
    for (std::size_t i = 0; i < m_rings.size(); ++i) {
        const SampleRing<Sample> &ring = m_rings[i];
        m_scratch.clear();
        for (qsizetype j = 0; j < ring.size(); ++j) {
            const Sample &sample = ring.at(j);
            if (sample.at < from || sample.at > now)
                continue;
            m_scratch.append(QPointF(double(sample.at - now) / 60'000.0, sample.value));
            highest = std::max(highest, sample.value);
        }
        SeriesDecimator::decimate(m_scratch, plotColumns(), &m_drawn);
        m_series.at(qsizetype(i))->replace(m_drawn);
    }
    const double top = highest <= 0 ? 1.0 : std::ceil(highest * 1.1);
    if (top != m_top) {
        m_top = top;
        m_axisY->setRange(0, top);
        m_axisY->applyNiceNumbers();
    }
}

int LiveChartPanel::plotColumns() const
{
    // Before the first layout the plot area is empty: assume a wide chart.
    const int width = int(chart()->plotArea().width());
    return width > 0 ? width : kDefaultColumns;
}

qsizetype LiveChartPanel::sampleCount(int series) const
{
    return series >= 0 && std::size_t(series) < m_rings.size() ? m_rings[std::size_t(series)].size()
                                                               : 0;
}

void LiveChartPanel::paletteApplied()
{
    for (int i = 0; i < m_series.size(); ++i) {
        QPen pen(seriesColor(i));
        pen.setWidthF(2.0);
        m_series.at(i)->setPen(pen);
    }
}

} // namespace sluice
