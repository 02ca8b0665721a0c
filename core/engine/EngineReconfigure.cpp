// Engine: changing the configuration in place.

#include "engine/Engine.h"

namespace sluice {

using namespace Qt::StringLiterals;

Result<Done> Engine::canReconfigure(const EngineConfig &config) const
{
    for (const auto &pool : m_pools) {
        const PoolConfig &old = pool->config();
        if (!config.pool(old.name) && (pool->waiting() > 0 || pool->activeLeases() > 0))
            return reasonError(
                Reason::InvalidRequest,
                u"pool '%1' still has %2 waiting and %3 active requests; drain it before removing it"_s
                    .arg(old.name)
                    .arg(pool->waiting())
                    .arg(pool->activeLeases()));
    }
    return Done{};
}

Result<Done> Engine::reconfigure(const EngineConfig &config)
{
    if (Result<Done> allowed = canReconfigure(config); !allowed)
        return allowed;
    const TimeMs now = m_clock.now();

    // Tiers are matched by name; users of a removed tier fall back to the default tier.
    const std::vector<Tier> oldTiers = m_tiers;
    m_config = config;
    setTiers(config.tiers);
    std::vector<quint8> tierMap(oldTiers.size(), m_defaultTier);
    for (size_t i = 0; i < oldTiers.size(); ++i) {
        if (const int index = tierIndex(oldTiers[i].config.name); index >= 0)
            tierMap[i] = quint8(index);
    }
    m_users.remapTiers(tierMap);

    // Pools are matched by name too; their state stays, only the limits change.
    std::vector<std::unique_ptr<Pool>> pools;
    std::vector<int> poolMap(m_pools.size(), -1); // -1: the pool is removed
    for (const PoolConfig &poolConfig : config.pools) {
        const int newIndex = int(pools.size());
        const int oldIndex = m_poolIndex.value(poolConfig.name, -1);
        if (oldIndex >= 0) {
            pools.push_back(std::move(m_pools[size_t(oldIndex)]));
            pools.back()->setIndex(newIndex);
            poolMap[size_t(oldIndex)] = newIndex;
        } else {
            pools.push_back(std::make_unique<Pool>(newIndex, poolConfig, m_table,
                                                   static_cast<PoolHost &>(*this)));
            pools.back()->setShared(m_shared);
        }
    }
    m_table.forEachLive([&](quint32, RequestSlot &slot) {
        slot.pool = quint8(poolMap[slot.pool]); // a removed pool has no request
        if (slot.tier < tierMap.size())
            slot.tier = tierMap[slot.tier];
    });
    m_ledger.reconfigure(config, poolMap, tierMap);

    m_pools = std::move(pools);
    m_poolIndex.clear();
    for (size_t i = 0; i < m_pools.size(); ++i) {
        m_poolIndex.insert(config.pools[qsizetype(i)].name, int(i));
        m_pools[i]->stats().remapTiers(tierMap);
        m_pools[i]->setAgingMs(config.agingMs);
        m_pools[i]->setConfig(config.pools[qsizetype(i)], now);
        m_pools[i]->refreshUsers(now);
    }
    rollDay();
    for (size_t i = 0; i < m_pools.size(); ++i)
        emit poolChanged(int(i));
    return Done{};
}

} // namespace sluice
