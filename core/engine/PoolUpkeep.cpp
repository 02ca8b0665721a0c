// Pool: operator actions and time-based upkeep.

#include "engine/Pool.h"

#include <algorithm>

namespace sluice {

namespace {
constexpr auto kNone = RequestSlot::kNone;
}

void Pool::userChanged(quint32 user, TimeMs now)
{
    m_users.refresh(user);
    dispatch(now);
}

std::vector<quint32> Pool::retierTickets(quint32 user, quint8 tier, qint16 priority)
{
    std::vector<quint32> tickets = m_users.tickets(user);
    std::erase_if(tickets, [&](quint32 slot) {
        return m_table[slot].tier == tier && m_table[slot].priority == priority;
    });
    // Out of the queue first, all of them, then back in in their old order: the user's
    // tickets stay in queue order (PoolUsers keeps one of them ready).
    for (const quint32 slot : tickets)
        removeTicket(slot);
    for (const quint32 slot : tickets) {
        m_table[slot].tier = tier;
        m_table[slot].priority = priority;
        m_queue.push(slot);
        m_users.addTicket(slot);
    }
    if (!tickets.empty())
        m_host.poolQueueChanged(m_index);
    return tickets;
}

void Pool::pause()
{
    if (m_mode == PoolMode::Running)
        m_mode = PoolMode::Paused;
}

void Pool::resume(TimeMs now)
{
    m_mode = PoolMode::Running;
    m_drainTotal = 0;
    m_throttledUntil = 0;  // an operator's resume also lifts an upstream's 429 pause
    dispatch(now);
}

void Pool::drain()
{
    if (m_mode == PoolMode::Draining || m_mode == PoolMode::Drained)
        return;
    m_mode = PoolMode::Draining;
    m_drainTotal = m_queue.size() + m_leases.size();
    finishDrainIfEmpty();
}

void Pool::finishDrainIfEmpty()
{
    if (m_mode == PoolMode::Draining && m_queue.size() == 0 && m_leases.size() == 0)
        m_mode = PoolMode::Drained;
}

qint64 Pool::purge(TimeMs now)
{
    // No dispatch while the loop runs: it would grant (or fail) tickets that are still in the
    // list, and the loop would then end them a second time.
    const std::vector<quint32> waiting = m_queue.all();
    m_dispatching = true;
    for (const quint32 slot : waiting)
        end(slot, Reason::QueuePurged, now);
    m_dispatching = false;
    m_deadlines.rebuild({});
    return qint64(waiting.size());
}

void Pool::throttle(TimeMs until)
{
    if (until > m_throttledUntil) {
        m_throttledUntil = until;
        m_host.wakeAt(until);
    }
}

TimeMs Pool::advance(TimeMs now)
{
    while (const auto due = m_deadlines.popDue(now)) {
        const quint32 slot = m_table.find(due->id);
        if (slot != kNone && m_table[slot].state == RequestSlot::State::Waiting &&
            m_table[slot].waitDeadline() == due->at)
            end(slot, Reason::Timeout, now);
    }
    while (m_leases.oldest() != kNone &&
           m_table[m_leases.oldest()].lastHeartbeat() + m_config.leaseIdleTimeoutMs <= now)
        end(m_leases.oldest(), Reason::LeaseExpired, now);
    dispatch(now);
    compactDeadlines();
    return nextWake(now);
}

TimeMs Pool::nextWake(TimeMs now) const
{
    TimeMs next = 0;
    const auto consider = [&next](TimeMs at) {
        if (at > 0 && (next == 0 || at < next))
            next = at;
    };
    consider(m_deadlines.next());
    if (m_leases.oldest() != kNone)
        consider(m_table[m_leases.oldest()].lastHeartbeat() + m_config.leaseIdleTimeoutMs);
    if (!m_users.anyReady() || m_mode == PoolMode::Paused)
        return next;
    if (m_throttledUntil > now)
        consider(m_throttledUntil);
    else if (m_config.requestsPerMinute && m_window.requests() >= *m_config.requestsPerMinute)
        consider(m_window.requestsBelowAt(*m_config.requestsPerMinute));
    else if (m_config.tokensPerMinute)
        consider(m_window.tokensFitAt(*m_config.tokensPerMinute, m_table[m_users.next()].tokens));
    return next;
}

void Pool::compactDeadlines()
{
    if (m_deadlines.size() <= 1024 || m_deadlines.size() <= size_t(2 * m_queue.size()))
        return;
    std::vector<DeadlineHeap::Entry> live;
    live.reserve(size_t(m_queue.size()));
    for (const quint32 slot : m_queue.all())
        live.push_back({m_table[slot].waitDeadline(), m_table.idOf(slot)});
    m_deadlines.rebuild(std::move(live));
}

QString Pool::contextKey(quint32 slot) const
{
    const quint32 context = m_table[slot].context;
    return context == kNone ? QString() : m_contexts[context].key;
}

void Pool::refreshUsers(TimeMs now)
{
    m_users.refreshAll();
    dispatch(now);
}

size_t Pool::memoryBytes() const
{
    return m_queue.memoryBytes() + m_deadlines.memoryBytes()
           + m_users.memoryBytes();
}

} // namespace sluice
