// Engine: pool actions and read-only views (snapshots for the gateway and the dashboard).

#include "engine/Engine.h"

#include "engine/EngineJournal.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Result<Done> unknownPool(const QString &name)
{
    return reasonError(Reason::UnknownPool, u"unknown pool '%1'"_s.arg(name));
}
} // namespace

Result<Done> Engine::pause(const QString &name)
{
    Pool *pool = findPool(name);
    if (!pool)
        return unknownPool(name);
    pool->pause();
    emit poolActed(m_poolIndex.value(name), u"pause"_s);
    emit poolChanged(m_poolIndex.value(name));
    return Done{};
}

Result<Done> Engine::resume(const QString &name)
{
    Pool *pool = findPool(name);
    if (!pool)
        return unknownPool(name);
    pool->resume(m_clock.now());
    emit poolActed(m_poolIndex.value(name), u"resume"_s);
    emit poolChanged(m_poolIndex.value(name));
    return Done{};
}

Result<Done> Engine::drain(const QString &name)
{
    Pool *pool = findPool(name);
    if (!pool)
        return unknownPool(name);
    pool->drain();
    emit poolActed(m_poolIndex.value(name), u"drain"_s);
    emit poolChanged(m_poolIndex.value(name));
    return Done{};
}

Result<Done> Engine::purge(const QString &name, qint64 *count)
{
    Pool *pool = findPool(name);
    if (!pool)
        return unknownPool(name);
    const qint64 purged = pool->purge(m_clock.now());
    if (count)
        *count = purged;
    emit poolActed(m_poolIndex.value(name), u"purge"_s);
    emit poolChanged(m_poolIndex.value(name));
    return Done{};
}

Result<Done> Engine::throttle(const QString &name, qint64 forMs)
{
    Pool *pool = findPool(name);
    if (!pool)
        return unknownPool(name);
    if (forMs <= 0)
        return reasonError(Reason::InvalidRequest, u"throttle time must be positive"_s);
    pool->throttle(m_clock.now() + forMs);
    emit poolChanged(m_poolIndex.value(name));
    return Done{};
}

std::optional<PoolStatus> Engine::poolStatus(const QString &name) const
{
    Pool *pool = findPool(name);
    if (!pool)
        return std::nullopt;
    const TimeMs now = m_clock.now();
    const PoolConfig &config = pool->config();
    PoolStatus status;
    status.name = config.name;
    status.mode = pool->mode();
    status.inUse = pool->inUse();
    status.maxConcurrent = config.maxConcurrent;
    status.activeLeases = pool->activeLeases();
    status.waiting = pool->waiting();
    status.maxQueueLength = config.maxQueueLength;
    status.windowRequests = pool->windowRequests(now);
    status.requestsPerMinute = config.requestsPerMinute.value_or(-1);
    status.windowTokens = pool->windowTokens(now);
    status.windowFreesAt = pool->windowFreesAt(now);
    status.tokensPerMinute = config.tokensPerMinute.value_or(-1);
    status.throttledUntil = pool->throttledUntil() > now ? pool->throttledUntil() : 0;
    status.drainTotal = pool->drainTotal();
    status.drainRemaining = pool->waiting() + pool->activeLeases();
    status.meanLeaseMs = pool->meanLeaseMs();
    const UsageCounters spent = m_ledger.poolUsage(m_poolIndex.value(config.name));
    status.costNanoUsdToday = spent.costNanoUsd;
    status.creditsToday = spent.credits;
    if (const auto shared = m_sharedCounts.constFind(config.name);
        m_shared && shared != m_sharedCounts.constEnd()) {
        // The deployment's counts (every replica's), not this replica's share of them.
        status.inUse = int(shared->inUse);
        status.waiting = shared->waiting;
        status.windowRequests = shared->windowRequests;
        status.windowTokens = shared->windowTokens;
    }
    return status;
}

QList<PoolStatus> Engine::pools() const
{
    QList<PoolStatus> result;
    for (const auto &pool : m_pools)
        result.append(*poolStatus(pool->config().name));
    return result;
}

const PoolStats *Engine::poolStats(const QString &name) const
{
    const Pool *pool = findPool(name);
    return pool ? &pool->stats() : nullptr;
}

RequestInfo Engine::infoOf(quint32 slot, TimeMs now) const
{
    const RequestSlot &request = m_table[slot];
    const Pool &pool = *m_pools[request.pool];
    RequestInfo info;
    info.id = m_table.idOf(slot);
    info.active = request.state == RequestSlot::State::Active;
    info.pool = pool.config().name;
    info.user = m_users.id(request.user);
    info.tier = m_tiers[std::min<size_t>(request.tier, m_tiers.size() - 1)].config.name;
    info.tokens = request.tokens;
    if (info.active) {
        info.grantedAt = request.grantedAt();
        info.lastSeen = request.lastHeartbeat();
    } else {
        info.enqueuedAt = request.enqueuedAt();
        info.position = pool.position(slot);
        info.estimatedWaitMs = pool.estimatedWaitMs(info.position, now);
    }
    return info;
}

std::optional<RequestInfo> Engine::request(RequestId id) const
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return std::nullopt;
    return infoOf(slot, m_clock.now());
}

std::optional<RequestAccess> Engine::access(RequestId id) const
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return std::nullopt;
    return m_table.accessOf(slot);
}

Decision Engine::withSecret(Decision decision) const
{
    if (const quint32 slot = m_table.find(decision.id); slot != RequestSlot::kNone)
        decision.secret = m_table.access().secret(slot, decision.id);
    return decision;
}

bool Engine::setOwner(RequestId id, const QString &owner)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return false;
    m_table.access().setOwner(slot, owner);
    journalRequest(slot);
    return true;
}

std::optional<qint64> Engine::position(RequestId id) const
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return std::nullopt;
    const RequestSlot &request = m_table[slot];
    if (request.state != RequestSlot::State::Waiting)
        return 0;
    return m_pools[request.pool]->position(slot);
}

QList<RequestInfo> Engine::queue(const QString &name, qint64 offset, qint64 limit) const
{
    QList<RequestInfo> result;
    const Pool *pool = findPool(name);
    if (!pool || offset < 0 || limit <= 0)
        return result;
    const TimeMs now = m_clock.now();
    qint64 position = offset;
    for (const quint32 slot : pool->queuePage(offset, limit)) {
        RequestInfo info = infoOf(slot, now);
        info.position = ++position;  // known from the walk; no need to search again
        info.estimatedWaitMs = pool->estimatedWaitMs(position, now);
        result.append(info);
    }
    return result;
}

UserQuota Engine::userQuota(const QString &id) const
{
    UserQuota quota;
    quota.user = id;
    quota.resetAt = nextReset();
    const quint32 index = m_users.find(id);
    const UserRecord *user = index == UserTable::kNone ? nullptr : &m_users[index];
    const Tier &tier = m_tiers[user ? user->tier : m_defaultTier];
    quota.tier = tier.config.name;
    quota.requestLimit = tier.config.dailyRequests;
    quota.tokenLimit = tier.config.dailyTokens.value_or(-1);
    quota.costLimitNanoUsd = tier.costLimitNanoUsd;
    if (!user)
        return quota;
    quota.known = true;
    quota.tierPinned = user->tierPinned;
    if (user->day == m_ledger.today()) {
        quota.requestsToday = user->requests;
        quota.tokensToday = user->tokens;
        quota.costNanoUsdToday = user->costNanoUsd;
        quota.creditsToday = user->credits;
    }
    for (const auto &pool : m_pools) {
        quota.active += pool->userActive(index);
        quota.waiting += pool->userWaiting(index);
    }
    return quota;
}

void Engine::forEachUserToday(
    const std::function<void(const QString &, const UserRecord &, qint64)> &f) const
{
    m_ledger.forEachUserToday(f);
}

void Engine::watchUsersAbove(double fraction)
{
    m_ledger.watchUsersAbove(fraction);
}

Result<Done> Engine::setUserTier(const QString &id, const QString &tierName)
{
    if (id.isEmpty())
        return reasonError(Reason::InvalidRequest, u"user must not be empty"_s);
    const int tier = tierName.isEmpty() ? int(m_defaultTier) : tierIndex(tierName);
    if (tier < 0)
        return reasonError(Reason::InvalidRequest, u"unknown tier '%1'"_s.arg(tierName));
    const quint32 index = m_users.setTier(id, quint8(tier), !tierName.isEmpty());
    m_ledger.tierChanged(index); // a lower quota may put them near it
    userTierChanged(index, m_clock.now());
    return Done{};
}

void Engine::userTierChanged(quint32 user, TimeMs now)
{
    const quint8 tier = m_users[user].tier;
    const auto priority = qint16(m_tiers[tier].config.priority);
    for (const auto &pool : m_pools) {
        for (const quint32 slot : pool->retierTickets(user, tier, priority))
            journalRequest(slot);
        pool->userChanged(user, now);
    }
}

QHash<QString, UsageCounters> Engine::tierUsageToday() const
{
    QHash<QString, UsageCounters> result;
    for (size_t tier = 0; tier < m_tiers.size(); ++tier)
        result.insert(m_tiers[tier].config.name, m_ledger.tierUsage(int(tier)));
    return result;
}

UsageCounters Engine::poolTierUsageToday(const QString &poolName, const QString &tierName) const
{
    return m_ledger.poolTierUsage(m_poolIndex.value(poolName, -1), tierIndex(tierName));
}

size_t Engine::memoryBytes() const
{
    size_t bytes = m_table.memoryBytes();
    for (const auto &pool : m_pools)
        bytes += pool->memoryBytes();
    return bytes;
}

} // namespace sluice
