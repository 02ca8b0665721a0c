// Engine: its whole state as a value (EngineState), given out and taken back.

#include "engine/Engine.h"

#include <QHash>

namespace sluice {

using namespace Qt::StringLiterals;

RequestRow Engine::requestRow(quint32 slot) const
{
    const RequestSlot &request = m_table[slot];
    RequestRow row;
    row.id = m_table.idOf(slot);
    row.pool = poolName(request.pool);
    row.user = m_users.id(request.user);
    row.tier = tierName(request.tier);
    const QString key = m_pools[request.pool]->contextKey(slot);
    row.contextId = key.isEmpty() ? key : key.mid(key.indexOf(u'/') + 1);
    row.tokens = request.tokens;
    if (request.state == RequestSlot::State::Active) {
        row.state = RequestRow::State::Active;
        row.grantedAt = request.grantedAt();
        row.lastHeartbeat = request.lastHeartbeat();
    } else {
        row.state = RequestRow::State::Waiting;
        row.enqueuedAt = request.enqueuedAt();
        row.waitDeadline = request.waitDeadline();
        row.arrival = request.arrival();
        row.priority = request.priority;
    }
    const RequestAccess access = m_table.accessOf(slot);
    row.owner = access.owner;
    row.secret = access.secret.toBytes();
    row.transient = request.flags & RequestSlot::kTransient;
    return row;
}

EngineState Engine::exportState() const
{
    const TimeMs now = m_clock.now();
    EngineState state;
    state.day = m_ledger.today();
    state.nextGeneration = m_table.nextGeneration();
    for (const auto &pool : m_pools) {
        state.pools.append(pool->exportState(now));
        for (const quint32 slot : pool->tickets())
            state.requests.append(requestRow(slot));
    }
    for (const auto &pool : m_pools) {
        for (const quint32 slot : pool->leases())
            state.requests.append(requestRow(slot));
    }
    const UserTable &users = m_users.table();
    for (qsizetype i = 0; i < users.size(); ++i) {
        const UserRecord &user = users[quint32(i)];
        const QString &id = users.id(quint32(i));
        if (id.isEmpty())
            continue;
        const bool today = user.day == state.day;
        state.users.append({id, tierName(user.tier), user.tierPinned,
                            today ? user.requests : 0, today ? user.tokens : 0,
                            today ? user.costNanoUsd : 0, today ? user.credits : 0});
    }
    for (size_t pool = 0; pool < m_pools.size(); ++pool) {
        for (size_t tier = 0; tier < m_tiers.size(); ++tier) {
            const UsageCounters counters = m_ledger.poolTierUsage(int(pool), int(tier));
            if (counters.requests != 0 || counters.tokens != 0 || counters.costNanoUsd != 0)
                state.usage.append({poolName(int(pool)), tierName(int(tier)), counters});
        }
    }
    for (size_t tier = 0; tier < m_tiers.size(); ++tier) {
        if (const qint64 count = m_ledger.tierUsage(int(tier)).users; count != 0)
            state.tierUsers.insert(tierName(int(tier)), count);
    }
    return state;
}

Result<Done> Engine::importState(const EngineState &state)
{
    if (m_table.live() > 0 || m_users.live() > 0)
        return reasonError(
            Reason::InvalidRequest,
            u"the engine already holds %1 requests and %2 users; a state is imported into a fresh engine"_s
                .arg(m_table.live())
                .arg(m_users.live()));
    rollDay();
    if (Result<Done> checked = checkState(state); !checked)
        return checked;
    const TimeMs now = m_clock.now();
    const bool today = state.day == m_ledger.today(); // usage of an earlier day counts nothing

    for (const EngineState::User &user : state.users) {
        const quint32 index =
            m_users.setTier(user.id, quint8(tierIndex(user.tier)), user.tierPinned);
        if (today) {
            m_ledger.restoreUser(index, user.requests, user.tokens, user.costNanoUsd,
                                 user.credits);
            m_ledger.tierChanged(index); // indexes the user if near their quota
        }
    }
    if (today) {
        for (const EngineState::PoolTierUsage &cell : state.usage)
            m_ledger.restorePoolTier(m_poolIndex.value(cell.pool), tierIndex(cell.tier),
                                     cell.counters);
        for (auto it = state.tierUsers.cbegin(); it != state.tierUsers.cend(); ++it)
            m_ledger.restoreTierUsers(tierIndex(it.key()), it.value());
    }

    m_table.restoreGeneration(state.nextGeneration);
    using Placed = std::vector<std::pair<quint32, QString>>; // slot, context key
    std::vector<Placed> tickets(m_pools.size());
    std::vector<Placed> leases(m_pools.size());
    for (const RequestRow &row : state.requests) {
        const int pool = m_poolIndex.value(row.pool);
        const auto tier = quint8(tierIndex(row.tier));
        const quint32 user = m_users.obtain(row.user, tier);
        const quint32 index = m_table.allocateRestored(row.id);
        RequestSlot &slot = m_table[index];
        slot.pool = quint8(pool);
        slot.tier = tier;
        slot.user = user;
        slot.tokens = row.tokens;
        slot.flags = row.transient ? RequestSlot::kTransient : 0;
        if (row.state == RequestRow::State::Active) {
            slot.setActive(row.grantedAt, 0);
            slot.setLastHeartbeat(row.lastHeartbeat);
        } else {
            slot.setWaiting(row.enqueuedAt, row.waitDeadline, row.arrival);
            slot.priority = qint16(row.priority);
        }
        // The secret its client holds, kept: this engine's key would derive another.
        m_table.access().setOwner(index, row.owner);
        m_table.access().setSecret(index, RequestSecret::fromBytes(row.secret));
        const QString contextKey =
            row.contextId.isEmpty() ? QString() : QString::number(user) + u'/' + row.contextId;
        auto &target = row.state == RequestRow::State::Active ? leases : tickets;
        target[size_t(pool)].emplace_back(index, contextKey);
    }
    m_table.finishRestore();

    for (size_t i = 0; i < m_pools.size(); ++i) {
        PoolState pool;
        pool.name = poolName(int(i));
        for (const PoolState &imported : state.pools) {
            if (imported.name == pool.name)
                pool = imported;
        }
        m_pools[i]->importState(pool, std::move(tickets[i]), std::move(leases[i]), now);
    }
    for (size_t i = 0; i < m_pools.size(); ++i)
        emit poolChanged(int(i));
    return Done{};
}

} // namespace sluice
