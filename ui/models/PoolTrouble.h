#pragma once

#include "models/AlertLevels.h"

namespace sluice {

/// What trouble a pool is in, in words and in rank, for every place that names pools: the
/// status line, the Overview's order and the pool pickers. Pure functions of a snapshot.
class PoolTrouble
{
public:
    /// What the pool does now, from least to most trouble.
    enum class State : quint8
    {
        Running,
        Draining,
        Drained,
        Paused,
        Throttled
    };

    /// Paused, Draining and Drained come from the operator's mode; a running pool whose
    /// upstream asked it to wait (throttledUntil after `now`) is Throttled.
    static State state(const PoolStatus &pool, TimeMs now);
    /// "Running", "Paused", "Draining (12 left)", "Drained",
    /// "Throttled by upstream until 14:32:10" (local time).
    static QString statusText(const PoolStatus &pool, TimeMs now);
    /// Throttled is Critical (nothing is granted and nobody chose it); Paused, Draining and
    /// Drained are Warning (an operator chose them; requests wait or are refused); Running
    /// is Normal.
    static TroubleLevel statusLevel(State state);

    /// The pools, the one in most trouble first. "Worst" is, in order: the state (Throttled,
    /// Paused, Drained, Draining, then Running), the worst gauge level (Critical, Warning,
    /// Normal), the most tickets waiting (unless `byWaiting` is false); equal pools keep their
    /// configured order, so calm pools do not move about. The Overview leaves the waiting
    /// counts out: they change with every snapshot, and rows that swap ten times a second can
    /// neither be read nor drawn cheaply.
    static QList<PoolStatus> worstFirst(const QList<PoolStatus> &pools, const AlertLevels &levels,
                                        TimeMs now, bool byWaiting = true);

    /// A picker's item: "elevenlabs — 170 waiting"; "elevenlabs — paused, 170 waiting" when
    /// the pool is not running.
    static QString pickerLabel(const PoolStatus &pool, TimeMs now);
};

} // namespace sluice
