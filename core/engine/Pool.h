#pragma once

#include "config/PoolConfig.h"
#include "engine/ContextTable.h"
#include "engine/DeadlineHeap.h"
#include "engine/Decision.h"
#include "engine/LeaseList.h"
#include "engine/PoolHost.h"
#include "engine/PoolMode.h"
#include "engine/PoolState.h"
#include "engine/PoolStats.h"
#include "engine/PoolUsers.h"
#include "engine/RequestTable.h"
#include "engine/SlidingWindow.h"
#include "engine/WaitQueue.h"

#include <QHash>

#include <climits>
#include <vector>

namespace sluice {

/// One acquire as the pool sees it, after the engine's own validation and quota check.
struct Admission
{
    quint32 user = 0;
    quint8 tier = 0;
    qint32 priority = 0;
    QString contextKey;  ///< empty: the request has no context
    qint64 tokens = 0;
    bool wait = true;
    qint64 timeoutMs = 0;  ///< 0: the pool's queue timeout
    bool transient = false;  ///< see RequestSlot::kTransient
    /// Set when the shared admission (Redis, SCALEOUT.md) decided already: Granted records a
    /// lease without checking the limits here, Queued a ticket that only grantHeld() grants.
    std::optional<Outcome> decidedElsewhere;
    /// Set when a replica decides alone while Redis cannot be reached (local_share,
    /// SCALEOUT.md): the pool's limits are divided by this many live replicas, the requests
    /// waiting in the shared queue do not hold it back, and nothing queues.
    int shareOf = 0;
};

/// One upstream capacity budget: checks 2-5 of admission (user concurrency, pool concurrency,
/// requests per minute, tokens per minute), its queue, its leases and contexts.
/// Owned by the Engine; not thread-safe: call on the engine's thread.
class Pool
{
public:
    Pool(int index, const PoolConfig &config, RequestTable &table, PoolHost &host);

    const PoolConfig &config() const { return m_config; }
    /// Applies new limits, keeping leases, queue and window (nothing refilled or emptied).
    void setConfig(const PoolConfig &config, TimeMs now);
    void setAgingMs(qint64 agingMs)
    {
        m_queue.setAgingMs(agingMs);
        m_users.reorder();
    }
    void setIndex(int index) { m_index = index; }

    Decision admit(const Admission &admission, TimeMs now);
    /// A shared pool never grants from its queue by itself: the shared admission decides
    /// every grant, and grantHeld() records it.
    void setShared(bool shared) { m_shared = shared; }
    /// Grants a waiting ticket now, whatever the limits here say (the shared admission did).
    void grantHeld(quint32 slot, TimeMs now);
    /// Ends a lease (Released or LeaseExpired) or a ticket (Cancelled, Timeout, ...).
    void end(quint32 slot, Reason reason, TimeMs now);
    void heartbeat(quint32 slot, TimeMs now);
    /// Corrects the token estimate of a lease still in the 60 s window.
    void reportTokens(quint32 slot, qint64 tokens);

    qint64 position(quint32 slot) const { return m_queue.position(slot); }
    /// The likely wait of the ticket at `position` (SPEC section 3): the grant interval (the
    /// mean lease over the slots, or the RPM or TPM pace when slower) once per place, counting
    /// down from the last grant; never before the RPM window has room for that place; after an
    /// upstream throttle ends. Likely, not certain: tickets of higher tiers that arrive later
    /// go ahead. None while the pool is paused.
    std::optional<qint64> estimatedWaitMs(qint64 position, TimeMs now) const;
    /// The earliest the RPM window has room for the ticket at `position`, from `now`.
    qint64 windowFloorMs(qint64 position, TimeMs now) const;
    std::vector<quint32> queuePage(qint64 offset, qint64 limit) const { return m_queue.page(offset, limit); }

    void pause();
    /// Grants again: running mode, and any upstream throttle lifted.
    void resume(TimeMs now);
    void drain();
    /// Fails every waiting ticket with QUEUE_PURGED; returns how many.
    qint64 purge(TimeMs now);
    /// Stops granting until `until` (an upstream asked to slow down).
    void throttle(TimeMs until);
    /// A user's tier or limit changed: reconsider whether their tickets may be served.
    void userChanged(quint32 user, TimeMs now);
    /// The user's tier changed: their waiting tickets take the new tier and its priority,
    /// keeping their arrival (so what they waited still counts with aging). Returns the
    /// tickets that moved; call userChanged() afterwards.
    std::vector<quint32> retierTickets(quint32 user, quint8 tier, qint16 priority);

    /// Times out tickets, expires leases and grants what the window now admits.
    /// Returns the next time something is due, or 0 if nothing is.
    TimeMs advance(TimeMs now);

    /// A tier's limits changed: reconsider every user's tickets.
    void refreshUsers(TimeMs now);

    /// Its state besides its requests (see PoolState); window admissions name their leases.
    PoolState exportState(TimeMs now) const;
    /// Waiting tickets in queue order; active leases, oldest heartbeat first.
    std::vector<quint32> tickets() const { return m_queue.page(0, m_queue.size()); }
    std::vector<quint32> leases() const { return m_leases.all(); }
    /// Takes a checked state into a pool that holds nothing yet: its tickets and leases
    /// (slots filled by the engine, with their context keys, in any order) and the window,
    /// whose admissions name leases among `leases`.
    void importState(const PoolState &state, std::vector<std::pair<quint32, QString>> tickets,
                     std::vector<std::pair<quint32, QString>> leases, TimeMs now);

    qint32 userActive(quint32 user) const { return m_users.active(user); }
    qint32 userWaiting(quint32 user) const { return m_users.waiting(user); }
    /// The context key of a request, or an empty string.
    QString contextKey(quint32 slot) const;

    PoolMode mode() const { return m_mode; }
    TimeMs throttledUntil() const { return m_throttledUntil; }
    int inUse() const { return m_inUse; }
    qint64 activeLeases() const { return m_leases.size(); }
    qint64 waiting() const { return m_queue.size(); }
    qint64 windowRequests(TimeMs now) { m_window.expire(now); return m_window.requests(); }
    qint64 windowTokens(TimeMs now) { m_window.expire(now); return m_window.tokens(); }
    /// When the oldest admission still in the window leaves it; 0 when the window is empty.
    TimeMs windowFreesAt(TimeMs now)
    {
        m_window.expire(now);
        return m_window.requestsBelowAt(m_window.requests());
    }
    qint64 drainTotal() const { return m_drainTotal; }
    double meanLeaseMs() const { return m_meanLeaseMs; }
    const PoolStats &stats() const { return m_stats; }
    PoolStats &stats() { return m_stats; }
    size_t memoryBytes() const;

private:
    Reason firstBlockingCheck(const Admission &admission, bool joinsContext, TimeMs now);
    qint64 retryAfterMs(Reason blocked, const Admission &admission, TimeMs now) const;
    TimeMs nextWake(TimeMs now) const;
    Decision reject(Reason reason, qint64 retryAfter) const;
    Decision grantNew(const Admission &admission, TimeMs now);
    Decision admitDecided(const Admission &admission, TimeMs now);
    quint32 enqueue(const Admission &admission, TimeMs now);
    void grant(quint32 slot, TimeMs now, bool fromQueue);
    void dispatch(TimeMs now);
    void finishDrainIfEmpty();
    void appendTicket(quint32 slot, const QString &contextKey);
    void removeTicket(quint32 slot);
    void compactDeadlines();

    int m_index;
    PoolConfig m_config;
    RequestTable &m_table;
    PoolHost &m_host;
    SlidingWindow m_window;
    WaitQueue m_queue;
    PoolUsers m_users;
    ContextTable m_contexts;
    DeadlineHeap m_deadlines;
    LeaseList m_leases;
    int m_inUse = 0;
    PoolMode m_mode = PoolMode::Running;
    bool m_dispatching = false;  // end() inside dispatch() must not dispatch again
    bool m_shared = false;       // grants come from the shared admission only
    TimeMs m_throttledUntil = 0;
    TimeMs m_lastGrantAt = 0;      // the newest grant, which wait estimates count down from
    qint64 m_drainTotal = 0;
    quint64 m_nextSeq = 1;
    double m_meanLeaseMs = 1000.0;  // EWMA of lease durations; the first guess is 1 s
    double m_meanTokens = 0.0;      // EWMA of tokens per request
    PoolStats m_stats;
};

} // namespace sluice
