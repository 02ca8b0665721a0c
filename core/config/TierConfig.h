#pragma once

#include <QString>

#include <optional>

namespace sluice {

/// A subscription plan. Daily quotas count across all pools; the per-user concurrency limit
/// applies within each pool. Absent optional limits are unlimited.
struct TierConfig
{
    QString name;
    qint64 dailyRequests = 10;                ///< 0-1000000000 requests per day
    std::optional<qint64> dailyTokens;        ///< 1-1000000000000 tokens per day
    std::optional<double> dailyCostUsd;       ///< 0.01-1000000 USD per day
    int priority = 0;                         ///< 0-1000; higher is served first
    std::optional<int> maxConcurrentPerUser;  ///< 1-10000 leases per user and pool

    friend bool operator==(const TierConfig &, const TierConfig &) = default;
};

} // namespace sluice
