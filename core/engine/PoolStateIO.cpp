// Pool: its state as a value (PoolState), given out and taken back.

#include "engine/Pool.h"

#include <QHash>

#include <algorithm>

namespace sluice {

namespace {
constexpr auto kNone = RequestSlot::kNone;
}

PoolState Pool::exportState(TimeMs now) const
{
    PoolState state;
    state.name = m_config.name;
    state.mode = m_mode;
    state.throttledUntil = m_throttledUntil;
    state.drainTotal = m_drainTotal;
    state.meanLeaseMs = m_meanLeaseMs;
    state.meanTokens = m_meanTokens;
    QHash<quint64, RequestId> leaseOf; // window entry -> the lease it admitted
    for (const quint32 slot : m_leases.all()) {
        if (const quint64 entry = m_table[slot].windowEntry(); entry != 0)
            leaseOf.insert(entry, m_table.idOf(slot));
    }
    m_window.forEach(now, [&](quint64 seq, TimeMs at, qint64 tokens) {
        state.window.append({at, tokens, leaseOf.value(seq, 0)});
    });
    return state;
}

void Pool::importState(const PoolState &state, std::vector<std::pair<quint32, QString>> tickets,
                       std::vector<std::pair<quint32, QString>> leases, TimeMs now)
{
    m_mode = state.mode;
    m_throttledUntil = state.throttledUntil;
    m_drainTotal = state.drainTotal;
    m_meanLeaseMs = state.meanLeaseMs;
    m_meanTokens = state.meanTokens;

    std::sort(tickets.begin(), tickets.end(),
              [this](const auto &a, const auto &b) { return m_queue.precedes(a.first, b.first); });
    for (const auto &[slot, contextKey] : tickets) {
        m_nextSeq = std::max(m_nextSeq, m_table[slot].arrival() + 1);
        appendTicket(slot, contextKey);
    }

    // The idle list wants heartbeat order; equal heartbeats keep the order they came in.
    std::stable_sort(leases.begin(), leases.end(), [this](const auto &a, const auto &b) {
        return m_table[a.first].lastHeartbeat() < m_table[b.first].lastHeartbeat();
    });
    for (const auto &[slot, contextKey] : leases) {
        RequestSlot &request = m_table[slot];
        if (!contextKey.isEmpty())
            request.context = m_contexts.obtain(contextKey, request.user);
        const bool needsSlot =
            request.context == kNone || m_contexts[request.context].leases++ == 0;
        if (needsSlot) {
            ++m_inUse;
            m_users.slotTaken(request.user);
        }
        request.setWindowEntry(0);
        m_leases.append(slot);
    }
    for (const PoolState::Admission &admission : state.window) {
        if (admission.at + SlidingWindow::kLengthMs <= now)
            continue;
        const quint64 entry = m_window.add(admission.at, admission.tokens);
        if (admission.lease != 0)
            m_table[m_table.find(admission.lease)].setWindowEntry(entry);
    }
    if (m_leases.oldest() != kNone)
        m_host.wakeAt(m_table[m_leases.oldest()].lastHeartbeat() + m_config.leaseIdleTimeoutMs);
    if (m_throttledUntil > now)
        m_host.wakeAt(m_throttledUntil);
}

} // namespace sluice
