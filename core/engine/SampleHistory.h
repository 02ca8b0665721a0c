#pragma once

#include "util/Clock.h"

#include <QList>
#include <QString>

namespace sluice {

/// One pool's measures in a SampleHistory, one value per sample time (SampleHistory::at);
/// kAbsent where the pool did not exist at that time.
struct PoolSeries
{
    static constexpr qint64 kAbsent = -1;

    QString pool;
    QList<qint64> inUse;    ///< slots in use
    QList<qint64> requests; ///< requests in the 60 s window
    QList<qint64> tokens;   ///< tokens in the 60 s window
    QList<qint64> waiting;  ///< waiting tickets

    friend bool operator==(const PoolSeries &, const PoolSeries &) = default;
};

/// The recent past of every pool as the dashboard's live charts draw it: samples taken every
/// intervalMs on the engine's clock, oldest first, in columns (one list of times, one list
/// per pool and measure). A value.
struct SampleHistory
{
    TimeMs now = 0;         ///< the engine's time when the history was read
    qint64 intervalMs = 0;  ///< the sampling interval
    QList<TimeMs> at;       ///< sample times, increasing
    QList<PoolSeries> pools;

    friend bool operator==(const SampleHistory &, const SampleHistory &) = default;
};

} // namespace sluice
