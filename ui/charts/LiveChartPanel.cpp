#include "charts/LiveChartPanel.h"

#include "charts/ChartHover.h"
#include "charts/ReferenceLines.h"
#include "charts/SeriesDecimator.h"
#include "widgets/DisplayText.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kHoverToleranceMs = 2000;
} // namespace

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
    m_references = std::make_unique<ReferenceLines>(chart(), m_axisX, m_axisY);
    m_hover = new ChartHover(view(), [this](double minutes) {
        return m_now > 0 ? hoverText(m_now + TimeMs(std::llround(minutes * 60'000.0)))
                         : QString();
    });
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

void LiveChartPanel::merge(const QList<TimeMs> &times, const QList<QList<double>> &columns)
{
    if (times.isEmpty())
        return;
    const TimeMs first = times.first();
    const TimeMs last = times.last();
    std::vector<Sample> merged;
    for (std::size_t i = 0; i < m_rings.size() && qsizetype(i) < columns.size(); ++i) {
        SampleRing<Sample> &ring = m_rings[i];
        const QList<double> &column = columns.at(qsizetype(i));
        merged.clear();
        merged.reserve(std::size_t(ring.size() + times.size()));
        qsizetype j = 0;
        for (; j < ring.size() && ring.at(j).at < first; ++j)
            merged.push_back(ring.at(j));
        for (qsizetype k = 0; k < times.size() && k < column.size(); ++k) {
            if (!std::isnan(column.at(k)))
                merged.push_back({times.at(k), column.at(k)});
        }
        for (; j < ring.size(); ++j) {
            if (ring.at(j).at > last)
                merged.push_back(ring.at(j));
        }
        ring.clear();
        for (const Sample &sample : merged)
            ring.push(sample);
    }
}

void LiveChartPanel::setReferenceLines(const QList<ReferenceLine> &lines)
{
    m_references->set(lines);
}

QList<ReferenceLine> LiveChartPanel::referenceLines() const
{
    return m_references->lines();
}

void LiveChartPanel::setRangeMinutes(int minutes)
{
    m_rangeMinutes = std::clamp(minutes, 1, 60);
    m_axisX->setRange(-m_rangeMinutes, 0);
    m_axisX->setTickCount(m_rangeMinutes == 5 ? 6 : m_rangeMinutes == 15 ? 4 : 7);
    m_references->setSpan(-m_rangeMinutes, 0);
}

void LiveChartPanel::refresh(TimeMs now)
{
    m_now = now;
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
    if (m_fitReferences)
        highest = std::max(highest, m_references->highest());
    const double top = highest <= 0 ? 1.0 : std::ceil(highest * 1.1);
    if (top != m_top) {
        m_top = top;
        m_axisY->setRange(0, top);
        m_axisY->applyNiceNumbers();
    }
    m_hover->update();
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

const LiveChartPanel::Sample *LiveChartPanel::nearest(const SampleRing<Sample> &ring, TimeMs at,
                                                      qint64 tolerance)
{
    // The ring is in time order: find the first sample at or after `at`, then the closer of it
    // and the one before.
    qsizetype low = 0, high = ring.size();
    while (low < high) {
        const qsizetype middle = (low + high) / 2;
        if (ring.at(middle).at < at)
            low = middle + 1;
        else
            high = middle;
    }
    const Sample *best = nullptr;
    for (qsizetype i : {low - 1, low}) {
        if (i < 0 || i >= ring.size())
            continue;
        const Sample &sample = ring.at(i);
        if (std::abs(sample.at - at) <= tolerance
            && (!best || std::abs(sample.at - at) < std::abs(best->at - at)))
            best = &sample;
    }
    return best;
}

QString LiveChartPanel::hoverText(TimeMs at) const
{
    QStringList lines;
    TimeMs shownAt = 0;
    for (std::size_t i = 0; i < m_rings.size(); ++i) {
        const Sample *sample = nearest(m_rings[i], at, kHoverToleranceMs);
        if (!sample)
            continue;
        shownAt = shownAt == 0 ? sample->at : shownAt;
        const bool one = sample->value == 1.0 && m_unit.endsWith(u's');
        QString line = m_names.at(qsizetype(i)) % u": "_s % display::count(qRound64(sample->value))
            % u' ' % (one ? m_unit.chopped(1) : m_unit);
        // The limit only: the box stays narrow; the warning level is the dotted line.
        for (const ReferenceLine &reference : m_references->linesOf(int(i))) {
            if (reference.kind == ReferenceLine::Kind::Limit)
                line += u" · "_s % reference.label;
        }
        lines << line;
    }
    if (lines.isEmpty())
        return {};
    lines.prepend(display::timeOfDay(shownAt));
    return lines.join(u'\n');
}

void LiveChartPanel::paletteApplied()
{
    for (int i = 0; i < m_series.size(); ++i) {
        QPen pen(seriesColor(i));
        pen.setWidthF(2.0);
        m_series.at(i)->setPen(pen);
    }
    if (m_references)
        m_references->restyle();
}

} // namespace sluice
