#pragma once

#include <QString>
#include <QStringList>

#include <optional>

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

/// The metric's config and wire name, e.g. "pool_rpm".
QString alertMetricName(AlertMetric metric);
/// The metric for a config or wire name; nullopt for an unknown name.
std::optional<AlertMetric> alertMetricFromName(QStringView name);
/// Every metric name, in enum order, for messages and forms.
QStringList alertMetricNames();
/// True for the pool metrics, whose rule target names a pool; false for the tier and user
/// metrics, whose target names a tier.
bool isPoolMetric(AlertMetric metric);

} // namespace sluice
