#pragma once

#include "engine/PoolMode.h"
#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QList>
#include <QString>

namespace sluice {

/// What one pool holds besides its requests, as a plain value (part of EngineState): its
/// mode, an upstream throttle, drain progress, the averages its wait estimates use, and the
/// admissions still in its 60 s window. Times on the engine clock's now() timeline, in ms.
struct PoolState
{
    /// One admission still in the window.
    struct Admission
    {
        TimeMs at = 0;
        qint64 tokens = 0;
        RequestId lease = 0; ///< the active lease it admitted (its usage corrects it); 0: none
        bool operator==(const Admission &) const = default;
    };

    QString name;
    PoolMode mode = PoolMode::Running;
    TimeMs throttledUntil = 0;   ///< 0: not throttled
    qint64 drainTotal = 0;       ///< requests there were when draining began
    double meanLeaseMs = 1000.0; ///< moving average of lease durations
    double meanTokens = 0.0;     ///< moving average of tokens per request
    QList<Admission> window;     ///< oldest first
    bool operator==(const PoolState &) const = default;
};

} // namespace sluice
