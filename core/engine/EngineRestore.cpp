// Engine: changing the configuration in place, and restoring state after a restart.

#include "engine/Engine.h"

#include "engine/RequestRow.h"
#include "util/Logging.h"

namespace sluice {

using namespace Qt::StringLiterals;

OpResult Engine::canReconfigure(const EngineConfig &config) const
{
    for (const auto &pool : m_pools) {
        const PoolConfig &old = pool->config();
        if (!config.pool(old.name) && (pool->waiting() > 0 || pool->activeLeases() > 0))
            return OpResult::fail(
                Reason::InvalidRequest,
                u"pool '%1' still has %2 waiting and %3 active requests; drain it before removing it"_s
                    .arg(old.name)
                    .arg(pool->waiting())
                    .arg(pool->activeLeases()));
    }
    return OpResult::ok();
}

OpResult Engine::reconfigure(const EngineConfig &config)
{
    if (OpResult allowed = canReconfigure(config); !allowed)
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
            pools.push_back(std::make_unique<Pool>(newIndex, poolConfig, m_table, static_cast<PoolHost &>(*this)));
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
    return OpResult::ok();
}

void Engine::restoreUserUsage(const QString &id, qint64 requests, qint64 tokens, qint64 costNanoUsd)
{
    m_ledger.restoreUser(m_users.obtain(id, m_defaultTier), requests, tokens, costNanoUsd);
}

void Engine::restorePoolTierUsage(const QString &pool, const QString &tier,
                                  const UsageCounters &counters)
{
    const int poolIndex = m_poolIndex.value(pool, -1);
    const int tierIdx = tierIndex(tier);
    if (poolIndex < 0 || tierIdx < 0)
        return;
    m_ledger.restorePoolTier(poolIndex, tierIdx, counters);
}

void Engine::restorePinnedTier(const QString &id, const QString &tier)
{
    const int index = tierIndex(tier);
    if (index < 0) {
        qCWarning(lcEngine) << "user" << id << "was pinned to the removed tier" << tier;
        return;
    }
    m_users.setTier(id, quint8(index), true);
}

void Engine::restoreWindow(const QString &pool, qint64 second, qint64 requests, qint64 tokens)
{
    const int index = m_poolIndex.value(pool, -1);
    if (index >= 0)
        m_pools[size_t(index)]->restoreWindow(second, requests, tokens, m_clock.now());
}

void Engine::restoreRequests(const QList<RequestRow> &rows)
{
    const TimeMs now = m_clock.now();
    std::vector<std::vector<std::pair<quint32, QString>>> tickets(m_pools.size());
    std::vector<std::vector<std::pair<quint32, QString>>> leases(m_pools.size());
    for (const RequestRow &row : rows) {
        const int pool = m_poolIndex.value(row.pool, -1);
        if (pool < 0 || row.id == 0 || m_table.find(row.id) != RequestSlot::kNone) {
            qCWarning(lcEngine) << "dropping stored request" << formatRequestId(row.id)
                                << "of unknown pool" << row.pool;
            continue;
        }
        const int known = tierIndex(row.tier);
        const int tier = known >= 0 ? known : int(m_defaultTier);
        const quint32 user = m_users.obtain(row.user, quint8(tier));
        m_users.offerTier(user, quint8(tier)); // restored usage made the user with the default
        const quint32 index = m_table.allocateRestored(row.id);
        RequestSlot &slot = m_table[index];
        slot.state = row.state == RequestRow::State::Active ? RequestSlot::State::Active
                                                             : RequestSlot::State::Waiting;
        slot.pool = quint8(pool);
        slot.tier = quint8(tier);
        slot.user = user;
        slot.tokens = row.tokens;
        slot.since = row.since;
        slot.deadline = row.deadline;
        slot.seq = row.seq;
        slot.priority = qint16(row.priority);
        m_table.access(index) = RequestAccess{RequestSecret::fromBytes(row.secret), row.owner};
        const QString contextKey =
            row.contextId.isEmpty() ? QString() : QString::number(user) + u'/' + row.contextId;
        auto &target = slot.state == RequestSlot::State::Active ? leases : tickets;
        target[size_t(pool)].emplace_back(index, contextKey);
    }
    m_table.finishRestore();
    for (size_t i = 0; i < m_pools.size(); ++i) {
        m_pools[i]->restoreTickets(std::move(tickets[i]));
        m_pools[i]->restoreLeases(std::move(leases[i]), now);
    }
}

QString Engine::contextIdOf(quint32 slot) const
{
    const QString key = m_pools[m_table[slot].pool]->contextKey(slot);
    return key.isEmpty() ? key : key.mid(key.indexOf(u'/') + 1);
}

} // namespace sluice
