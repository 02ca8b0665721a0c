#pragma once

#include "engine/PoolHost.h"
#include "engine/ReadySet.h"
#include "engine/RequestTable.h"


#include <vector>

namespace sluice {

/// The users of one pool: the slots each holds, each one's waiting tickets in queue order,
/// and which tickets may be served next (one per user who is below their concurrency limit,
/// kept in a ReadySet). Users are the engine's dense user indices, so each one's state is a
/// vector entry, all zero while they hold and wait for nothing (an acquire+release pair makes
/// and drops no hash entry). That costs 20 bytes per pool for every user index the engine has
/// handed out; the engine reuses the indices of the users it forgets. Not thread-safe.
class PoolUsers
{
public:
    PoolUsers(RequestTable &table, const WaitQueue &queue, const PoolHost &host)
        : m_table(table), m_host(host), m_ready(queue, table)
    {
    }

    /// Appends a waiting ticket to its user's tickets (the slot's user and order are set).
    void addTicket(quint32 slot);
    /// Unlinks a ticket that is granted or ends; its order fields must still be intact.
    void removeTicket(quint32 slot);
    void slotTaken(quint32 user);
    void slotFreed(quint32 user);
    /// The user's limit may have changed (tier change).
    void refresh(quint32 user);
    void refreshAll();
    /// The queue's order changed (aging).
    void reorder() { m_ready.rebuild(); }

    /// The first ticket that may be served now, or RequestSlot::kNone.
    quint32 next() const { return m_ready.front(); }
    bool anyReady() const { return !m_ready.empty(); }
    qint32 active(quint32 user) const { return user < m_users.size() ? m_users[user].active : 0; }
    qint32 waiting(quint32 user) const
    {
        return user < m_users.size() ? m_users[user].waiting : 0;
    }
    /// The user's waiting tickets, in queue order.
    std::vector<quint32> tickets(quint32 user) const;
    size_t memoryBytes() const;

private:
    struct UserState
    {
        qint32 active = 0;   // slots held (a context counts once)
        qint32 waiting = 0;
        quint32 head = RequestSlot::kNone;  // the user's tickets in order
        quint32 tail = RequestSlot::kNone;
        quint32 readySlot = RequestSlot::kNone;  // the user's ticket in m_ready, if any
    };

    void refresh(quint32 user, UserState &state);
    /// The user's entry, made (idle) when the user is new to this pool.
    UserState &entry(quint32 user)
    {
        if (user >= m_users.size())
            m_users.resize(size_t(user) + 1);
        return m_users[user];
    }

    RequestTable &m_table;
    const PoolHost &m_host;
    ReadySet m_ready;
    std::vector<UserState> m_users; ///< by user index
};

} // namespace sluice
