#include "engine/LeaseList.h"

namespace sluice {

void LeaseList::append(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    request.prevLease() = m_tail;
    request.nextLease() = RequestSlot::kNone;
    if (m_tail != RequestSlot::kNone)
        m_table[m_tail].nextLease() = slot;
    else
        m_head = slot;
    m_tail = slot;
    ++m_size;
}

void LeaseList::remove(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    if (request.prevLease() != RequestSlot::kNone)
        m_table[request.prevLease()].nextLease() = request.nextLease();
    else
        m_head = request.nextLease();
    if (request.nextLease() != RequestSlot::kNone)
        m_table[request.nextLease()].prevLease() = request.prevLease();
    else
        m_tail = request.prevLease();
    --m_size;
}

std::vector<quint32> LeaseList::all() const
{
    std::vector<quint32> order;
    order.reserve(size_t(m_size));
    for (quint32 slot = m_head; slot != RequestSlot::kNone; slot = m_table[slot].nextLease())
        order.push_back(slot);
    return order;
}

} // namespace sluice
