#include "engine/PoolUsers.h"

namespace sluice {

namespace {
constexpr auto kNone = RequestSlot::kNone;
}

void PoolUsers::addTicket(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    UserState &user = m_users[request.user];
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
    const auto state = m_users.constFind(user);
    if (state == m_users.cend())
        return order;
    order.reserve(size_t(state->waiting));
    for (quint32 slot = state->head; slot != kNone; slot = m_table[slot].nextTicket())
        order.push_back(slot);
    return order;
}

void PoolUsers::removeTicket(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    UserState &user = m_users[request.user];
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
    dropIfIdle(request.user);
}

void PoolUsers::slotTaken(quint32 user)
{
    UserState &state = m_users[user];
    ++state.active;
    refresh(user, state);
}

void PoolUsers::slotFreed(quint32 user)
{
    UserState &state = m_users[user];
    --state.active;
    refresh(user, state);
    dropIfIdle(user);
}

void PoolUsers::refresh(quint32 user)
{
    if (const auto it = m_users.find(user); it != m_users.end())
        refresh(user, *it);
}

void PoolUsers::refreshAll()
{
    for (auto it = m_users.begin(); it != m_users.end(); ++it)
        refresh(it.key(), it.value());
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

void PoolUsers::dropIfIdle(quint32 user)
{
    const auto it = m_users.find(user);
    if (it != m_users.end() && it->active == 0 && it->waiting == 0)
        m_users.erase(it);
}

size_t PoolUsers::memoryBytes() const
{
    // QHash stores nodes in spans of 128 with a byte of offset each; ready entries are set nodes.
    return size_t(m_users.capacity()) * (sizeof(quint32) + sizeof(UserState) + 1)
           + m_ready.size() * 64;
}

} // namespace sluice
