#pragma once

#include "util/Clock.h"

namespace sluice {

/// The system's clocks. now() is the monotonic clock (CLOCK_MONOTONIC) anchored to the wall
/// clock once per process, so an NTP step back neither stalls timeouts nor reorders queues
/// and a step forward does not expire them early; wallNow() is the wall clock (UTC), for
/// calendar things only. The two drift apart by the steps the system clock takes while the
/// process runs.
class SystemClock final : public Clock
{
public:
    using Source = qint64 (*)();

    /// The real clocks, anchored at the first SystemClock of the process.
    SystemClock();
    /// Given sources (tests), anchored now.
    SystemClock(Source wall, Source monotonic);

    TimeMs now() const override;
    TimeMs wallNow() const override;

private:
    Source m_wall;
    Source m_monotonic;
    qint64 m_anchorWall;
    qint64 m_anchorMonotonic;
};

} // namespace sluice
