#include "engine/Pool.h"

#include <algorithm>
#include <cmath>

namespace sluice {

namespace {
constexpr qint64 kPausedRetryMs = 5000;
constexpr double kEwmaWeight = 0.2;
constexpr auto kNone = RequestSlot::kNone;
} // namespace

Pool::Pool(int index, const PoolConfig &config, RequestTable &table, PoolHost &host)
    : m_index(index)
    , m_config(config)
    , m_table(table)
    , m_host(host)
    , m_queue(table)
    , m_users(table, m_queue, host)
    , m_leases(table)
{
}

void Pool::setConfig(const PoolConfig &config, TimeMs now)
{
    m_config = config;
    dispatch(now);
    if (m_leases.oldest() != kNone)
        m_host.wakeAt(m_table[m_leases.oldest()].since + m_config.leaseIdleTimeoutMs);
}

Decision Pool::admit(const Admission &admission, TimeMs now)
{
    if (m_mode == PoolMode::Draining || m_mode == PoolMode::Drained)
        return reject(Reason::PoolDraining, 0);
    if (m_config.tokensPerMinute && admission.tokens > *m_config.tokensPerMinute) {
        Decision decision = reject(Reason::InvalidRequest, 0);
        decision.limit = *m_config.tokensPerMinute;
        return decision;
    }
    const quint32 context = admission.contextKey.isEmpty() ? ContextTable::kNone
                                                           : m_contexts.find(admission.contextKey);
    const bool joinsContext = context != ContextTable::kNone && m_contexts[context].leases > 0;
    Reason blocked = firstBlockingCheck(admission, joinsContext, now);
    // Nobody jumps the queue, except a request joining a context that already holds its slot.
    if (blocked == Reason::None && m_users.anyReady() && !joinsContext)
        blocked = Reason::QueuedBehind;

    if (blocked == Reason::None) {
        const quint32 slot = m_table.allocate();
        RequestSlot &request = m_table[slot];
        request.pool = quint8(m_index);
        request.tier = admission.tier;
        request.user = admission.user;
        request.tokens = admission.tokens;
        request.flags = admission.transient ? RequestSlot::kTransient : 0;
        if (!admission.contextKey.isEmpty())
            request.context = m_contexts.obtain(admission.contextKey, admission.user);
        m_stats.tier(admission.tier).granted[size_t(Reason::None)]++;
        grant(slot, now, false);
        Decision decision;
        decision.outcome = Outcome::Granted;
        decision.id = m_table.idOf(slot);
        return decision;
    }
    if (!admission.wait) {
        Decision decision = reject(Reason::RateLimited, retryAfterMs(blocked, admission, now));
        decision.reason = Reason::RateLimited;
        return decision;
    }
    if (m_queue.size() >= m_config.maxQueueLength) {
        Decision decision = reject(Reason::QueueFull, estimatedWaitMs(1, now));
        decision.limit = m_config.maxQueueLength;
        decision.remaining = 0;
        return decision;
    }
    const quint32 slot = enqueue(admission, now);
    m_stats.tier(admission.tier).queued[size_t(blocked)]++;
    const RequestId id = m_table.idOf(slot);
    dispatch(now);
    Decision decision;
    decision.id = id;
    if (m_table[slot].state == RequestSlot::State::Active) {
        decision.outcome = Outcome::Granted;
        return decision;
    }
    decision.outcome = Outcome::Queued;
    decision.reason = blocked;
    decision.position = m_queue.position(slot);
    decision.estimatedWaitMs = estimatedWaitMs(decision.position, now);
    return decision;
}

Reason Pool::firstBlockingCheck(const Admission &admission, bool joinsContext, TimeMs now)
{
    if (!joinsContext) {
        if (m_users.active(admission.user) >= m_host.userConcurrencyLimit(admission.user))
            return Reason::UserConcurrency;
        if (m_inUse >= m_config.maxConcurrent)
            return Reason::PoolConcurrency;
    }
    m_window.expire(now);
    if (m_config.requestsPerMinute && m_window.requests() >= *m_config.requestsPerMinute)
        return Reason::RequestsPerMinute;
    if (m_config.tokensPerMinute && m_window.tokens() + admission.tokens > *m_config.tokensPerMinute)
        return Reason::TokensPerMinute;
    if (m_mode == PoolMode::Paused)
        return Reason::PoolPaused;
    if (m_throttledUntil > now)
        return Reason::UpstreamThrottled;
    return Reason::None;
}

qint64 Pool::retryAfterMs(Reason blocked, const Admission &admission, TimeMs now) const
{
    switch (blocked) {
    case Reason::UserConcurrency:
        return qint64(std::ceil(m_meanLeaseMs));
    case Reason::PoolConcurrency:
        return qint64(std::ceil(m_meanLeaseMs / std::max(1, m_config.maxConcurrent)));
    case Reason::RequestsPerMinute:
        return m_window.requestsBelowAt(*m_config.requestsPerMinute) - now;
    case Reason::TokensPerMinute:
        return m_window.tokensFitAt(*m_config.tokensPerMinute, admission.tokens) - now;
    case Reason::PoolPaused:
        return kPausedRetryMs;
    case Reason::UpstreamThrottled:
        return m_throttledUntil - now;
    default:
        return estimatedWaitMs(m_queue.size() + 1, now);
    }
}

Decision Pool::reject(Reason reason, qint64 retryAfter) const
{
    Decision decision;
    decision.outcome = Outcome::Rejected;
    decision.reason = reason;
    decision.retryAfterMs = std::max<qint64>(retryAfter, 0);
    return decision;
}

qint64 Pool::estimatedWaitMs(qint64 position, TimeMs now) const
{
    double perGrant = m_meanLeaseMs / std::max(1, m_config.maxConcurrent);
    if (m_config.requestsPerMinute)
        perGrant = std::max(perGrant, 60000.0 / *m_config.requestsPerMinute);
    if (m_config.tokensPerMinute && m_meanTokens > 0)
        perGrant = std::max(perGrant, 60000.0 * m_meanTokens / double(*m_config.tokensPerMinute));
    qint64 eta = qint64(std::llround(double(position) * perGrant));
    if (m_throttledUntil > now)
        eta += m_throttledUntil - now;
    return eta;
}

quint32 Pool::enqueue(const Admission &admission, TimeMs now)
{
    const quint32 slot = m_table.allocate();
    RequestSlot &request = m_table[slot];
    request.state = RequestSlot::State::Waiting;
    request.pool = quint8(m_index);
    request.tier = admission.tier;
    request.user = admission.user;
    request.priority = qint16(admission.priority);
    request.tokens = admission.tokens;
    request.flags = admission.transient ? RequestSlot::kTransient : 0;
    request.since = now;
    request.seq = m_nextSeq++;
    const qint64 timeout = admission.timeoutMs > 0
                               ? std::min(admission.timeoutMs, m_config.queueTimeoutMs)
                               : m_config.queueTimeoutMs;
    request.deadline = now + timeout;
    appendTicket(slot, admission.contextKey);
    m_host.poolQueueChanged(m_index);
    return slot;
}

void Pool::appendTicket(quint32 slot, const QString &contextKey)
{
    RequestSlot &request = m_table[slot];
    if (!contextKey.isEmpty()) {
        request.context = m_contexts.obtain(contextKey, request.user);
        m_contexts[request.context].tickets++;
    }
    m_queue.push(slot);
    m_users.addTicket(slot);
    m_deadlines.push(request.deadline, m_table.idOf(slot));
    m_host.wakeAt(request.deadline);
}

void Pool::removeTicket(quint32 slot)
{
    m_users.removeTicket(slot);
    m_queue.erase(slot);
}

void Pool::grant(quint32 slot, TimeMs now, bool fromQueue)
{
    RequestSlot &request = m_table[slot];
    const quint32 userIndex = request.user;
    if (fromQueue) {
        removeTicket(slot);
        if (request.context != kNone)
            m_contexts[request.context].tickets--;
        m_stats.recordWait(now - request.since);
    }
    const bool needsSlot = request.context == kNone || m_contexts[request.context].leases == 0;
    if (request.context != kNone)
        m_contexts[request.context].leases++;
    if (needsSlot) {
        ++m_inUse;
        m_users.slotTaken(userIndex);
    }
    request.state = RequestSlot::State::Active;
    request.deadline = now;
    request.since = now;
    request.seq = m_window.add(now, request.tokens);
    m_host.windowAdded(m_index, now, 1, request.tokens);
    m_leases.append(slot);
    m_host.wakeAt(now + m_config.leaseIdleTimeoutMs);
    m_host.granted(slot, fromQueue, now);
}

void Pool::dispatch(TimeMs now)
{
    m_dispatching = true;
    bool granted = false;
    while (m_users.anyReady() && m_mode != PoolMode::Paused && m_throttledUntil <= now) {
        const quint32 slot = m_users.next();
        const RequestSlot &request = m_table[slot];
        const bool needsSlot = request.context == kNone || m_contexts[request.context].leases == 0;
        if (needsSlot && m_inUse >= m_config.maxConcurrent)
            break;
        m_window.expire(now);
        if (m_config.requestsPerMinute && m_window.requests() >= *m_config.requestsPerMinute) {
            m_host.wakeAt(m_window.requestsBelowAt(*m_config.requestsPerMinute));
            break;
        }
        if (m_config.tokensPerMinute
            && m_window.tokens() + request.tokens > *m_config.tokensPerMinute) {
            m_host.wakeAt(m_window.tokensFitAt(*m_config.tokensPerMinute, request.tokens));
            break;
        }
        if (const Reason quota = m_host.recheckQuota(slot, now); quota != Reason::None) {
            end(slot, quota, now);
            continue;
        }
        m_stats.tier(request.tier).granted[size_t(Reason::QueuedBehind)]++;
        grant(slot, now, true);
        granted = true;
    }
    m_dispatching = false;
    if (granted)
        m_host.poolQueueChanged(m_index);
    if (m_users.anyReady() && m_throttledUntil > now)
        m_host.wakeAt(m_throttledUntil);
}

void Pool::end(quint32 slot, Reason reason, TimeMs now)
{
    RequestSlot &request = m_table[slot];
    m_host.ended(slot, reason, now);
    m_stats.tier(request.tier).ended[size_t(reason)]++;
    const quint32 userIndex = request.user;
    const bool wasWaiting = request.state == RequestSlot::State::Waiting;
    bool freedSlot = false;
    if (wasWaiting) {
        removeTicket(slot);
        if (request.context != kNone) {
            m_contexts[request.context].tickets--;
            m_contexts.dropIfUnused(request.context);
        }
    } else {
        m_leases.remove(slot);
        freedSlot = true;
        if (request.context != kNone) {
            freedSlot = --m_contexts[request.context].leases == 0;
            m_contexts.dropIfUnused(request.context);
        }
        if (freedSlot) {
            --m_inUse;
            m_users.slotFreed(userIndex);
        }
        if (reason == Reason::Released) {
            const double duration = double(std::max<qint64>(now - request.deadline, 1));
            m_meanLeaseMs += kEwmaWeight * (duration - m_meanLeaseMs);
            m_meanTokens += kEwmaWeight * (double(request.tokens) - m_meanTokens);
        }
    }
    m_table.release(slot);
    if (wasWaiting)
        m_host.poolQueueChanged(m_index);
    // A freed slot, or a ticket that held the head of the queue, may let others through.
    if ((wasWaiting || freedSlot) && !m_dispatching)
        dispatch(now);
    finishDrainIfEmpty();
}

void Pool::heartbeat(quint32 slot, TimeMs now)
{
    m_leases.remove(slot);
    m_table[slot].since = std::max(now, m_table[slot].since);
    m_leases.append(slot);
}

void Pool::reportTokens(quint32 slot, qint64 tokens)
{
    RequestSlot &request = m_table[slot];
    if (request.seq != 0 && tokens != request.tokens) {
        // A lease's deadline is its grant time, when it entered the window.
        m_window.setTokens(request.seq, tokens);
        m_host.windowAdded(m_index, request.deadline, 0, tokens - request.tokens);
    }
    request.tokens = tokens;
}

} // namespace sluice
