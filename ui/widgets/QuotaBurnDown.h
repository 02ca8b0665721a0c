#pragma once

#include "engine/EngineTypes.h"

#include <QString>

#include <optional>

namespace sluice {

/// When a user's daily request quota runs out at today's rate: requests so far divided by
/// the time since the quota day began (resetAt - 24 h), carried forward. Pure values.
struct QuotaBurnDown
{
    static constexpr qint64 kDayMs = 24 * 3'600'000;

    qint64 used = 0;
    qint64 limit = 0;
    TimeMs dayStart = 0;
    TimeMs now = 0;
    TimeMs resetAt = 0;
    double perHour = 0;              ///< requests per hour so far today
    std::optional<TimeMs> runsOutAt; ///< before the reset; nullopt when it lasts

    static QuotaBurnDown forecast(const UserQuota &quota, TimeMs now);
    /// e.g. "At today's rate (13 requests/h) the quota runs out at 17:40, in 3 h 12 min."
    QString sentence() const;
};

} // namespace sluice
