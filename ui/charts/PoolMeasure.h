#pragma once

#include "charts/ReferenceLine.h"
#include "config/AlertRule.h"
#include "engine/EngineTypes.h"
#include "engine/SampleHistory.h"

#include <QList>

namespace sluice {

class AlertLevels;

/// The four measures of a pool the Overview draws over time, each against its limit: slots in
/// use, requests and tokens in the last minute, waiting tickets. Knows for each what it
/// counts (the y axis' title), where its value, limit and history column are, the alert rule
/// metric that watches it, and the reference lines it gets (limit, and the level where the
/// alert rules warn). Reentrant.
class PoolMeasure
{
public:
    enum Kind : quint8
    {
        Slots,
        Requests,
        Tokens,
        Waiting
    };
    static constexpr int kCount = 4;

    static QString title(Kind kind);
    /// What the y axis counts, plural: "slots", "requests", "tokens", "tickets".
    static QString unit(Kind kind);
    static AlertMetric metric(Kind kind);
    static double value(const PoolStatus &pool, Kind kind);
    /// The limit; <= 0 when there is none.
    static qint64 limit(const PoolStatus &pool, Kind kind);
    /// The kind's column of a pool's history (PoolSeries::kAbsent where it has no value).
    static const QList<qint64> &column(const PoolSeries &series, Kind kind);
    /// "3.2", "160,000": a value as the chart labels show it (two decimals at most).
    static QString amount(double value);
    /// For pool i of `pools` with a limit: its limit line and its warning line (at the level
    /// where `levels` puts Warning), series i.
    static QList<ReferenceLine> referenceLines(const QList<PoolStatus> &pools,
                                               const AlertLevels &levels, Kind kind);
};

} // namespace sluice
