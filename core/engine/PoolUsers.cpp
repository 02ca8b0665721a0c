#include "engine/PoolUsers.h"

namespace sluice {

namespace {
constexpr auto kNone = RequestSlot::kNone;
}

void PoolUsers::addTicket(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    UserState &user = entry(request.user);
    request.prevTicket() = user.tail;
    request.nextTicket() = kNone;
    if (user.tail != kNone)
        m_table[user.tail].nextTicket() = slot;
    else
        user.head = slot;
    user.tail = slot;
    ++user.waiting;
    refresh(request.user, user);
}

std::vector<quint32> PoolUsers::tickets(quint32 user) const
{
    std::vector<quint32> order;
    if (user >= m_users.size())
        return order;
    order.reserve(size_t(m_users[user].waiting));
    for (quint32 slot = m_users[user].head; slot != kNone; slot = m_table[slot].nextTicket())
        order.push_back(slot);
    return order;
}

void PoolUsers::removeTicket(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    UserState &user = entry(request.user);
    if (request.prevTicket() != kNone)
        m_table[request.prevTicket()].nextTicket() = request.nextTicket();
    else
        user.head = request.nextTicket();
    if (request.nextTicket() != kNone)
        m_table[request.nextTicket()].prevTicket() = request.prevTicket();
    else
        user.tail = request.prevTicket();
    --user.waiting;
    refresh(request.user, user);
}

void PoolUsers::slotTaken(quint32 user)
{
    UserState &held = entry(user);
    ++held.active;
    refresh(user, held);
}

void PoolUsers::slotFreed(quint32 user)
{
    UserState &held = entry(user);
    --held.active;
    refresh(user, held);
}

void PoolUsers::refresh(quint32 user)
{
    if (user < m_users.size())
        refresh(user, m_users[user]);
}

void PoolUsers::refreshAll()
{
    for (size_t user = 0; user < m_users.size(); ++user) {
        if (m_users[user].head != kNone) // only a user with tickets can change readiness
            refresh(quint32(user), m_users[user]);
    }
}

void PoolUsers::refresh(quint32 user, UserState &state)
{
    const bool blocked = state.active >= m_host.userConcurrencyLimit(user);
    const quint32 wanted = state.head != kNone && !blocked ? state.head : kNone;
    if (wanted == state.readySlot)
        return;
    if (state.readySlot != kNone)
        m_ready.erase(state.readySlot);
    if (wanted != kNone)
        m_ready.insert(wanted);
    state.readySlot = wanted;
}

size_t PoolUsers::memoryBytes() const
{
    // Ready entries are set nodes.
    return m_users.capacity() * sizeof(UserState) + m_ready.size() * 64;
}

} // namespace sluice
