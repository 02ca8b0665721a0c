#include "charts/PoolMeasure.h"

#include "models/AlertLevels.h"
#include "widgets/DisplayText.h"

#include <QLocale>

#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

QString PoolMeasure::title(Kind kind)
{
    switch (kind) {
    case Slots:
        return u"Slots in use"_s;
    case Requests:
        return u"Requests in the last minute"_s;
    case Tokens:
        return u"Tokens in the last minute"_s;
    case Waiting:
        break;
    }
    return u"Waiting tickets"_s;
}

QString PoolMeasure::unit(Kind kind)
{
    switch (kind) {
    case Slots:
        return u"slots"_s;
    case Requests:
        return u"requests"_s;
    case Tokens:
        return u"tokens"_s;
    case Waiting:
        break;
    }
    return u"tickets"_s;
}

AlertMetric PoolMeasure::metric(Kind kind)
{
    switch (kind) {
    case Slots:
        return AlertMetric::PoolConcurrency;
    case Requests:
        return AlertMetric::PoolRequestsPerMinute;
    case Tokens:
        return AlertMetric::PoolTokensPerMinute;
    case Waiting:
        break;
    }
    return AlertMetric::PoolQueue;
}

double PoolMeasure::value(const PoolStatus &pool, Kind kind)
{
    switch (kind) {
    case Slots:
        return pool.inUse;
    case Requests:
        return double(pool.windowRequests);
    case Tokens:
        return double(pool.windowTokens);
    case Waiting:
        break;
    }
    return double(pool.waiting);
}

qint64 PoolMeasure::limit(const PoolStatus &pool, Kind kind)
{
    switch (kind) {
    case Slots:
        return pool.maxConcurrent;
    case Requests:
        return pool.requestsPerMinute;
    case Tokens:
        return pool.tokensPerMinute;
    case Waiting:
        break;
    }
    return pool.maxQueueLength;
}

const QList<qint64> &PoolMeasure::column(const PoolSeries &series, Kind kind)
{
    switch (kind) {
    case Slots:
        return series.inUse;
    case Requests:
        return series.requests;
    case Tokens:
        return series.tokens;
    case Waiting:
        break;
    }
    return series.waiting;
}

QString PoolMeasure::amount(double value)
{
    const double rounded = std::round(value * 100) / 100;
    if (rounded == std::floor(rounded))
        return display::count(qint64(rounded));
    QLocale locale = QLocale::c();
    locale.setNumberOptions({});
    return locale.toString(rounded, 'f', QLocale::FloatingPointShortest);
}

QList<ReferenceLine> PoolMeasure::referenceLines(const QList<PoolStatus> &pools,
                                                 const AlertLevels &levels, Kind kind)
{
    QList<ReferenceLine> lines;
    for (qsizetype i = 0; i < pools.size(); ++i) {
        const PoolStatus &pool = pools.at(i);
        const qint64 max = limit(pool, kind);
        if (max <= 0)
            continue;
        const int series = int(i);
        lines.append({series, ReferenceLine::Kind::Limit, double(max),
                      u"limit "_s + display::count(max)});
        const double share = levels.warningAt(pool.name, metric(kind));
        if (share >= 1.0)
            continue;
        const double at = share * double(max);
        lines.append({series, ReferenceLine::Kind::Warning, at,
                      u"warning at "_s % display::percent(share) % u": "_s % amount(at)});
    }
    return lines;
}

} // namespace sluice
