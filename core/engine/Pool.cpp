#include "engine/Pool.h"

#include <algorithm>

namespace sluice {

namespace {
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
        m_host.wakeAt(m_table[m_leases.oldest()].lastHeartbeat() + m_config.leaseIdleTimeoutMs);
}

quint32 Pool::enqueue(const Admission &admission, TimeMs now)
{
    const quint32 slot = m_table.allocate();
    RequestSlot &request = m_table[slot];
    request.pool = quint8(m_index);
    request.tier = admission.tier;
    request.user = admission.user;
    request.priority = qint16(admission.priority);
    request.tokens = admission.tokens;
    request.flags = admission.transient ? RequestSlot::kTransient : 0;
    const qint64 timeout = admission.timeoutMs > 0
                               ? std::min(admission.timeoutMs, m_config.queueTimeoutMs)
                               : m_config.queueTimeoutMs;
    request.setWaiting(now, now + timeout, m_nextSeq++);
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
    m_deadlines.push(request.waitDeadline(), m_table.idOf(slot));
    m_host.wakeAt(request.waitDeadline());
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
        m_stats.recordWait(now - request.enqueuedAt());
    }
    const bool needsSlot = request.context == kNone || m_contexts[request.context].leases == 0;
    if (request.context != kNone)
        m_contexts[request.context].leases++;
    if (needsSlot) {
        ++m_inUse;
        m_users.slotTaken(userIndex);
    }
    request.setActive(now, m_window.add(now, request.tokens));
    m_lastGrantAt = now;
    m_host.windowAdded(m_index, now, 1, request.tokens);
    m_leases.append(slot);
    m_host.wakeAt(now + m_config.leaseIdleTimeoutMs);
    m_host.granted(slot, fromQueue, now);
}

void Pool::dispatch(TimeMs now)
{
    if (m_shared)
        return;
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
            const double duration = double(std::max<qint64>(now - request.grantedAt(), 1));
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
    m_table[slot].setLastHeartbeat(std::max(now, m_table[slot].lastHeartbeat()));
    m_leases.append(slot);
}

void Pool::reportTokens(quint32 slot, qint64 tokens)
{
    RequestSlot &request = m_table[slot];
    if (request.windowEntry() != 0 && tokens != request.tokens) {
        m_window.setTokens(request.windowEntry(), tokens);
        m_host.windowAdded(m_index, request.grantedAt(), 0, tokens - request.tokens);
    }
    request.tokens = tokens;
}

} // namespace sluice
