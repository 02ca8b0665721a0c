#pragma once

#include "util/Clock.h"

namespace sluice {

/// Quota days: numbered from the Unix epoch, each starting `resetMinuteUtc` minutes after
/// 00:00 UTC. Pure functions.
struct QuotaDay
{
    static constexpr qint64 kDayMs = 86'400'000;

    static qint32 of(TimeMs at, int resetMinuteUtc)
    {
        const qint64 shifted = at - qint64(resetMinuteUtc) * 60'000;
        return qint32(shifted >= 0 ? shifted / kDayMs : (shifted - kDayMs + 1) / kDayMs);
    }
    static TimeMs start(qint32 day, int resetMinuteUtc)
    {
        return qint64(day) * kDayMs + qint64(resetMinuteUtc) * 60'000;
    }
};

} // namespace sluice
