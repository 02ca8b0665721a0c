#pragma once

#include "engine/Reason.h"

#include <array>
#include <vector>

namespace sluice {

/// Counters of one pool since start, for metrics. Plain data.
struct PoolStats
{
    static constexpr int kReasons = int(Reason::Moved) + 1;
    /// Upper bounds (ms) of the queue-wait histogram buckets; the last bucket is +Inf.
    static constexpr std::array<qint64, 13> kWaitBucketsMs{
        10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000};

    struct TierCounters
    {
        std::array<quint64, kReasons> granted{};   ///< by Reason::None (direct) or the queue reason
        std::array<quint64, kReasons> queued{};    ///< by the reason it waited
        std::array<quint64, kReasons> rejected{};  ///< by error reason
        std::array<quint64, kReasons> ended{};     ///< tickets and leases ended, by reason
        qint64 costNanoUsd = 0;  ///< charged on release (refunds are charged nothing)
        qint64 credits = 0;
        quint64 unpriced = 0;    ///< releases whose model no price entry matched
    };
    std::vector<TierCounters> byTier;  ///< indexed by tier index

    std::array<quint64, kWaitBucketsMs.size() + 1> waitBuckets{};
    qint64 waitSumMs = 0;
    quint64 waitCount = 0;

    TierCounters &tier(int index)
    {
        if (size_t(index) >= byTier.size())
            byTier.resize(size_t(index) + 1);
        return byTier[size_t(index)];
    }
    void recordWait(qint64 ms);
    /// Moves the per-tier counters after tiers were renumbered (map: old index -> new index).
    void remapTiers(const std::vector<quint8> &map);
};

} // namespace sluice
