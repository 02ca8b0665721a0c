#pragma once

#include "util/Clock.h"

#include <atomic>

namespace sluice {

/// A clock that moves only when told to. Used by tests and benchmarks to drive simulated
/// time; stepWall() moves the wall clock alone, as an NTP step does. Thread-safe.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(TimeMs start = 1'700'000'000'000)
        : m_now(start)
    {}

    TimeMs now() const override { return m_now.load(std::memory_order_relaxed); }
    TimeMs wallNow() const override { return now() + m_wallStep.load(std::memory_order_relaxed); }
    void set(TimeMs t) { m_now.store(t, std::memory_order_relaxed); }
    void advance(qint64 ms) { m_now.fetch_add(ms, std::memory_order_relaxed); }
    void stepWall(qint64 ms) { m_wallStep.fetch_add(ms, std::memory_order_relaxed); }

private:
    std::atomic<TimeMs> m_now;
    std::atomic<qint64> m_wallStep{0};
};

} // namespace sluice
