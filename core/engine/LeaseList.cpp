#include "engine/LeaseList.h"

namespace sluice {

void LeaseList::append(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    request.prev = m_tail;
    request.next = RequestSlot::kNone;
    if (m_tail != RequestSlot::kNone)
        m_table[m_tail].next = slot;
    else
        m_head = slot;
    m_tail = slot;
    ++m_size;
}

void LeaseList::remove(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    if (request.prev != RequestSlot::kNone)
        m_table[request.prev].next = request.next;
    else
        m_head = request.next;
    if (request.next != RequestSlot::kNone)
        m_table[request.next].prev = request.prev;
    else
        m_tail = request.prev;
    --m_size;
}

std::vector<quint32> LeaseList::all() const
{
    std::vector<quint32> order;
    order.reserve(size_t(m_size));
    for (quint32 slot = m_head; slot != RequestSlot::kNone; slot = m_table[slot].next)
        order.push_back(slot);
    return order;
}

} // namespace sluice
