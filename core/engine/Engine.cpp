#include "engine/Engine.h"

#include "cost/PriceTable.h"
#include "engine/EngineJournal.h"

#include <climits>

namespace sluice {

using namespace Qt::StringLiterals;

Engine::Engine(const Clock &clock, const EngineConfig &config, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_config(config)
    , m_ledger(clock, m_users.table(), config)
{
    setTiers(config.tiers);
    for (const PoolConfig &poolConfig : config.pools) {
        const int index = int(m_pools.size());
        m_pools.push_back(std::make_unique<Pool>(index, poolConfig, m_table, static_cast<PoolHost &>(*this)));
        m_pools.back()->setAgingMs(config.agingMs);
        m_poolIndex.insert(poolConfig.name, index);
    }
}

Engine::~Engine() = default;

void Engine::setTiers(const QList<TierConfig> &tiers)
{
    m_tiers.clear();
    m_tierIndex.clear();
    for (const TierConfig &tier : tiers) {
        Tier runtime;
        runtime.config = tier;
        runtime.costLimitNanoUsd = tier.dailyCostUsd ? qint64(*tier.dailyCostUsd * 1e9) : -1;
        runtime.userLimit = tier.maxConcurrentPerUser.value_or(INT_MAX);
        m_tierIndex.insert(tier.name, int(m_tiers.size()));
        m_tiers.push_back(runtime);
    }
    m_defaultTier = quint8(std::max(0, tierIndex(m_config.defaultTier)));
}

Result<Done> Engine::release(RequestId id, const Usage &usage, Charge *charged)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return reasonError(Reason::UnknownRequest, u"no such request (it may have ended)"_s);
    if (m_table[slot].state != RequestSlot::State::Active)
        return reasonError(Reason::InvalidRequest,
                           u"the request is still waiting; cancel it instead"_s);
    if (usage.inputTokens < -1 || usage.outputTokens < -1)
        return reasonError(Reason::InvalidRequest, u"token counts must be 0 or more"_s);
    const TimeMs now = m_clock.now();
    rollDay();
    Pool &pool = *m_pools[m_table[slot].pool];
    // A side that was not reported keeps the estimate (input) or counts nothing (output).
    const qint64 estimate = m_table[slot].tokens;
    const bool reported = usage.inputTokens >= 0 || usage.outputTokens >= 0;
    const qint64 input = usage.inputTokens >= 0 ? usage.inputTokens : estimate;
    const qint64 output = std::max<qint64>(usage.outputTokens, 0);
    // A refund is charged nothing; otherwise the model's price, or nothing and "unpriced".
    Charge charge;
    if (!usage.refund) {
        if (m_prices)
            charge = m_prices->charge(usage.model, input, output);
        PoolStats::TierCounters &spent = pool.stats().tier(m_table[slot].tier);
        spent.costNanoUsd += charge.costNanoUsd;
        spent.credits += charge.credits;
        spent.unpriced += charge.priced ? 0 : 1;
    }
    if (charged)
        *charged = charge;
    addUsage(slot, usage.refund ? -1 : 0, reported ? input - estimate : 0, reported ? output : 0,
             charge);
    if (reported)
        pool.reportTokens(slot, input + output);
    pool.end(slot, Reason::Released, now);
    return Done{};
}

Result<Done> Engine::heartbeat(RequestId id)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return reasonError(Reason::UnknownRequest, u"no such request (it may have ended)"_s);
    if (m_table[slot].state != RequestSlot::State::Active)
        return Done{}; // a waiting ticket needs no heartbeat
    m_pools[m_table[slot].pool]->heartbeat(slot, m_clock.now());
    journalRequest(slot);
    return Done{};
}

Result<Done> Engine::cancel(RequestId id)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return reasonError(Reason::UnknownRequest, u"no such request (it may have ended)"_s);
    if (m_table[slot].state != RequestSlot::State::Waiting)
        return reasonError(Reason::InvalidRequest,
                           u"the request holds a lease; release it instead"_s);
    m_pools[m_table[slot].pool]->end(slot, Reason::Cancelled, m_clock.now());
    return Done{};
}

void Engine::journalRequest(quint32 slot)
{
    if (m_journal && !(m_table[slot].flags & RequestSlot::kTransient))
        m_journal->requestChanged(m_table.idOf(slot));
}

void Engine::addUsage(quint32 slot, qint64 requests, qint64 inputTokens, qint64 outputTokens,
                      const Charge &charge)
{
    const RequestSlot &request = m_table[slot];
    m_ledger.add(request.user, request.pool, request.tier, requests, inputTokens + outputTokens,
                 charge.costNanoUsd, charge.credits);
    if (m_journal)
        m_journal->usageAdded(m_ledger.today(), request.pool, request.user, request.tier, requests,
                              inputTokens, outputTokens, charge.costNanoUsd, charge.credits);
}

// PoolHost

int Engine::userConcurrencyLimit(quint32 user) const
{
    return m_tiers[m_users[user].tier].userLimit;
}

Reason Engine::recheckQuota(quint32 slot, TimeMs)
{
    UserRecord &user = m_users[m_table[slot].user];
    m_ledger.roll(user);
    const std::optional<Decision> refused =
        quotaRefusal(user, m_tiers[user.tier], m_table[slot].tokens);
    return refused ? refused->reason : Reason::None;
}

void Engine::granted(quint32 slot, bool fromQueue, TimeMs)
{
    addUsage(slot, 1, m_table[slot].tokens, 0, Charge{});
    const RequestId id = m_table.idOf(slot);
    journalRequest(slot);
    emit requestGranted(id, m_table[slot].pool, fromQueue);
}

void Engine::ended(quint32 slot, Reason reason, TimeMs)
{
    const RequestId id = m_table.idOf(slot);
    journalRequest(slot);
    emit requestEnded(id, m_table[slot].pool, reason);
    if (const auto resumed = m_resumedFrom.constFind(id); resumed != m_resumedFrom.constEnd()) {
        const QByteArray key = clientIdKey(*resumed, m_table.access().secret(slot, id).idPart);
        if (m_resumed.value(key) == id)
            m_resumed.remove(key);
        m_resumedFrom.erase(resumed);
    }
}

void Engine::poolQueueChanged(int pool)
{
    emit queueChanged(pool);
}

void Engine::wakeAt(TimeMs at)
{
    if (at > 0 && (m_nextWake == 0 || at < m_nextWake)) {
        m_nextWake = at;
        emit wakeRequested(at);
    }
}

void Engine::windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens)
{
    if (m_journal)
        m_journal->windowAdded(pool, at, requests, tokens);
}

TimeMs Engine::advance()
{
    const TimeMs now = m_clock.now();
    rollDay();
    m_users.sweep(UserDirectory::kTimerStep,
                  [this](quint32 index, const UserRecord &user) { return userInUse(index, user); });
    // The reset is a calendar time; the wake is on the now() timeline. A sweep pass that is
    // not over goes on at the next tick, at once.
    TimeMs next =
        m_users.sweeping() ? now + 1 : now + std::max<qint64>(0, nextReset() - m_clock.wallNow());
    for (const auto &pool : m_pools) {
        const TimeMs due = pool->advance(now);
        if (due > 0 && due < next)
            next = due;
    }
    m_nextWake = next;
    return next;
}

void Engine::rollDay()
{
    if (m_ledger.rollDay())
        m_users.startSweep(); // yesterday's users are idle now unless they hold something
}

bool Engine::userInUse(quint32 index, const UserRecord &user) const
{
    if (m_ledger.usedToday(user))
        return true;
    return std::any_of(m_pools.cbegin(), m_pools.cend(), [index](const auto &pool) {
        return pool->userActive(index) > 0 || pool->userWaiting(index) > 0;
    });
}

Pool *Engine::findPool(const QString &name) const
{
    const int index = m_poolIndex.value(name, -1);
    return index < 0 ? nullptr : m_pools[size_t(index)].get();
}

} // namespace sluice
