#pragma once

#include "engine/PoolHost.h"
#include "engine/ReadySet.h"
#include "engine/RequestTable.h"

#include <QHash>

#include <vector>

namespace sluice {

/// The users of one pool: the slots each holds, each one's waiting tickets in queue order,
/// and which tickets may be served next (one per user who is below their concurrency limit,
/// kept in a ReadySet). A user is forgotten when they hold and wait for nothing.
/// Not thread-safe.
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
    qint32 active(quint32 user) const { return m_users.value(user).active; }
    qint32 waiting(quint32 user) const { return m_users.value(user).waiting; }
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
    void dropIfIdle(quint32 user);

    RequestTable &m_table;
    const PoolHost &m_host;
    ReadySet m_ready;
    QHash<quint32, UserState> m_users;
};

} // namespace sluice
