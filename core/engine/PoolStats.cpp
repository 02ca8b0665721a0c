#include "engine/PoolStats.h"

#include <algorithm>

namespace sluice {

void PoolStats::recordWait(qint64 ms)
{
    const auto bucket = std::lower_bound(kWaitBucketsMs.begin(), kWaitBucketsMs.end(), ms);
    ++waitBuckets[size_t(bucket - kWaitBucketsMs.begin())];
    waitSumMs += ms;
    ++waitCount;
}

void PoolStats::remapTiers(const std::vector<quint8> &map)
{
    std::vector<TierCounters> remapped;
    for (size_t old = 0; old < byTier.size() && old < map.size(); ++old) {
        const size_t index = map[old];
        if (index >= remapped.size())
            remapped.resize(index + 1);
        TierCounters &target = remapped[index];
        const TierCounters &source = byTier[old];
        for (size_t r = 0; r < source.granted.size(); ++r) {
            target.granted[r] += source.granted[r];
            target.queued[r] += source.queued[r];
            target.rejected[r] += source.rejected[r];
            target.ended[r] += source.ended[r];
        }
        target.costNanoUsd += source.costNanoUsd;
        target.credits += source.credits;
        target.unpriced += source.unpriced;
    }
    byTier.swap(remapped);
}

} // namespace sluice
