#pragma once

#include "engine/RequestAccessTable.h"
#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QtGlobal>

#include <vector>

namespace sluice {

/// One request in the engine: a waiting ticket or an active lease. 64 bytes.
struct RequestSlot
{
    enum class State : quint8 { Free, Waiting, Active };
    static constexpr quint32 kNone = 0xffffffffu;
    /// Not written to the store: its owner cannot resume it after a restart (the proxy).
    static constexpr quint8 kTransient = 1;

    quint32 generation = 0;
    State state = State::Free;
    quint8 pool = 0;
    quint8 tier = 0;        ///< tier at admission, for per-tier accounting
    quint8 queueClass = 0;  ///< Waiting: index of its priority class in the pool's queue
    quint32 user = 0;
    quint32 context = kNone;  ///< index into the pool's contexts, or kNone
    // Fields whose meaning depends on the state: outside RequestTable, use the accessors below.
    quint32 prev = kNone;     ///< Waiting: the user's tickets in order; Active: the pool's leases
    quint32 next = kNone;     ///<   by last heartbeat; Free: the free list
    quint32 queueIndex = 0;   ///< Waiting: index in its queue class
    qint16 priority = 0;      ///< Waiting: tier priority at admission (0-1000)
    quint8 flags = 0;         ///< kTransient
    quint8 reserved = 0;
    qint64 tokens = 0;        ///< estimated tokens
    TimeMs since = 0;         ///< Waiting: enqueued at; Active: last heartbeat
    TimeMs deadline = 0;      ///< Waiting: when it times out; Active: granted at
    quint64 seq = 0;          ///< Waiting: arrival order; Active: its entry in the window

    // The fields above whose meaning depends on the state, by name; each asserts the state.
    /// Waiting: when the ticket joined the queue.
    TimeMs enqueuedAt() const
    {
        Q_ASSERT(state == State::Waiting);
        return since;
    }
    /// Waiting: when the ticket times out.
    TimeMs waitDeadline() const
    {
        Q_ASSERT(state == State::Waiting);
        return deadline;
    }
    /// Waiting: arrival order in its pool (breaks ties between equal queue keys).
    quint64 arrival() const
    {
        Q_ASSERT(state == State::Waiting);
        return seq;
    }
    /// Active: when the lease was granted (when it entered the pool's window).
    TimeMs grantedAt() const
    {
        Q_ASSERT(state == State::Active);
        return deadline;
    }
    /// Active: the lease's last heartbeat (its grant, before the first one).
    TimeMs lastHeartbeat() const
    {
        Q_ASSERT(state == State::Active);
        return since;
    }
    /// Active: its admission in the pool's SlidingWindow; 0: none (restored outside it).
    quint64 windowEntry() const
    {
        Q_ASSERT(state == State::Active);
        return seq;
    }

    /// Makes the slot a waiting ticket.
    void setWaiting(TimeMs enqueued, TimeMs timesOutAt, quint64 arrivalOrder)
    {
        state = State::Waiting;
        since = enqueued;
        deadline = timesOutAt;
        seq = arrivalOrder;
    }
    /// Makes the slot an active lease granted at `at` (its first heartbeat too).
    void setActive(TimeMs at, quint64 entry)
    {
        state = State::Active;
        deadline = at;
        since = at;
        seq = entry;
    }
    /// Waiting: its neighbours among the user's tickets in the pool, in queue order (PoolUsers).
    quint32 &prevTicket()
    {
        Q_ASSERT(state == State::Waiting);
        return prev;
    }
    quint32 &nextTicket()
    {
        Q_ASSERT(state == State::Waiting);
        return next;
    }
    /// Active: its neighbours among the pool's leases, by last heartbeat (LeaseList).
    quint32 &prevLease()
    {
        Q_ASSERT(state == State::Active);
        return prev;
    }
    quint32 &nextLease()
    {
        Q_ASSERT(state == State::Active);
        return next;
    }
    quint32 nextLease() const
    {
        Q_ASSERT(state == State::Active);
        return next;
    }

    void setLastHeartbeat(TimeMs at)
    {
        Q_ASSERT(state == State::Active);
        since = at;
    }
    void setWindowEntry(quint64 entry)
    {
        Q_ASSERT(state == State::Active);
        seq = entry;
    }
};
static_assert(sizeof(RequestSlot) == 64);

/// All live requests, in a slab addressed by RequestId = (generation << 32) | index, so that
/// lookups by id need no hash table and a stale id never finds a reused slot. Generations
/// come from one increasing counter, so ids stay unique across restarts when the counter is
/// restored (see restoreGeneration). Not thread-safe.
class RequestTable
{
public:
    /// Takes a free slot; returns its index. The slot's state is still Free.
    quint32 allocate();
    /// Takes the slot of a restored request with a given id. After the last one, call
    /// finishRestore() before allocate().
    quint32 allocateRestored(RequestId id);
    void finishRestore();
    void release(quint32 index);

    RequestSlot &operator[](quint32 index) { return m_slots[index]; }
    /// Who may act on each request (owner, secret), by the same index.
    RequestAccessTable &access() { return m_access; }
    const RequestAccessTable &access() const { return m_access; }
    RequestAccess accessOf(quint32 index) const { return m_access.access(index, idOf(index)); }
    const RequestSlot &operator[](quint32 index) const { return m_slots[index]; }
    /// The slot index of a live request, or kNone for an unknown or ended id.
    quint32 find(RequestId id) const;
    RequestId idOf(quint32 index) const
    {
        return (RequestId(m_slots[index].generation) << 32) | index;
    }

    /// The next generation that allocate() would use; persist it to keep ids unique.
    quint32 nextGeneration() const { return m_nextGeneration; }
    void restoreGeneration(quint32 next);
    size_t live() const { return m_live; }
    /// Calls f(index, slot) for every waiting or active request.
    template<typename F>
    void forEachLive(F f)
    {
        for (size_t i = 0; i < m_slots.size(); ++i) {
            if (m_slots[i].state != RequestSlot::State::Free)
                f(quint32(i), m_slots[i]);
        }
    }
    size_t memoryBytes() const
    {
        return m_slots.capacity() * sizeof(RequestSlot) + m_access.memoryBytes();
    }

private:
    void renewSecretKey();

    std::vector<RequestSlot> m_slots;
    RequestAccessTable m_access; // beside m_slots, same index
    quint32 m_freeHead = RequestSlot::kNone;
    quint32 m_nextGeneration = 1;
    size_t m_live = 0;
};

} // namespace sluice
