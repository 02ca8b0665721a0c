#pragma once

#include "engine/SampleHistory.h"

#include <deque>

namespace sluice {

class Engine;

/// The gateway's memory of the last hour of every pool's measures (slots in use, requests and
/// tokens in the rate window, waiting tickets), so that a dashboard that connects, reconnects
/// or restarts draws its live charts from the past instead of from empty. sample() records at
/// most one sample per interval (the dashboard's chart tick, 1 s); samples older than the
/// retention are dropped, so memory is bounded (3,600 samples of every pool). In memory only:
/// a restart of the gateway starts afresh.
/// Threading: the engine's thread, like the Engine.
class PoolHistory
{
public:
    static constexpr qint64 kIntervalMs = 1000;
    static constexpr qint64 kRetentionMs = 3600'000;

    explicit PoolHistory(const Engine &engine, qint64 intervalMs = kIntervalMs,
                         qint64 retentionMs = kRetentionMs);

    /// Records the engine's pools now, unless the last sample is less than an interval old.
    void sample();
    /// The samples taken after `since` (ms on the engine's clock; 0: all that are kept).
    SampleHistory since(TimeMs since) const;
    qsizetype size() const { return qsizetype(m_samples.size()); }
    /// The most samples kept: retention / interval.
    qsizetype capacity() const { return m_capacity; }

private:
    struct Point
    {
        QString pool;
        qint64 inUse = 0;
        qint64 requests = 0;
        qint64 tokens = 0;
        qint64 waiting = 0;
    };
    struct Sample
    {
        TimeMs at = 0;
        QList<Point> pools;
    };

    const Engine &m_engine;
    qint64 m_intervalMs;
    qint64 m_retentionMs;
    qsizetype m_capacity;
    std::deque<Sample> m_samples;
};

} // namespace sluice
