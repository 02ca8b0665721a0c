#pragma once

#include <QString>

namespace sluice {

/// What an alert rule watches. Every limit has a utilisation, used / limit.
enum class AlertMetric {
    PoolConcurrency,        ///< slots in use / max_concurrent
    PoolRequestsPerMinute,  ///< requests in the 60 s window / requests_per_minute
    PoolTokensPerMinute,    ///< tokens in the 60 s window / tokens_per_minute
    PoolQueue,              ///< waiting tickets / max_queue_length
    TierDailyQuota,         ///< a tier's requests today / (daily_requests x its users today)
    UserDailyQuota,         ///< one user's requests today / the tier's daily_requests
};

/// When to raise an alert: at utilisation >= threshold held for pendingMs; cleared when
/// utilisation falls below clearBelow (hysteresis).
struct AlertRule
{
    QString id;          ///< unique, e.g. "pool-concurrency"
    AlertMetric metric = AlertMetric::PoolConcurrency;
    QString target;      ///< pool or tier name; empty watches every pool or tier
    double threshold = 0.8;   ///< 0.01-1
    double clearBelow = 0.7;  ///< 0-threshold
    qint64 pendingMs = 0;     ///< 0-86400000
    bool enabled = true;

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

} // namespace sluice
