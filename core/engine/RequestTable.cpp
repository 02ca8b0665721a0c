#include "engine/RequestTable.h"

#include <algorithm>

namespace sluice {

quint32 RequestTable::allocate()
{
    quint32 index;
    if (m_freeHead != RequestSlot::kNone) {
        index = m_freeHead;
        m_freeHead = m_slots[index].next;
    } else {
        index = quint32(m_slots.size());
        m_slots.emplace_back();
        m_access.resize(m_slots.size());
    }
    RequestSlot &slot = m_slots[index];
    slot = RequestSlot{};
    m_access.clear(index);
    slot.generation = m_nextGeneration++;
    if (m_nextGeneration == 0) { // 0 would make id 0 possible for index 0
        m_nextGeneration = 1;
        renewSecretKey();
    }
    ++m_live;
    return index;
}

void RequestTable::renewSecretKey()
{
    // Ids come round again after 2^32 allocations: under a new key a repeated id never gets
    // back the secret an earlier request had, and the live requests keep theirs.
    forEachLive([this](quint32 index, const RequestSlot &) {
        m_access.keepSecret(index, idOf(index));
    });
    m_access.setKey(RequestSecretKey::generate());
}

quint32 RequestTable::allocateRestored(RequestId id)
{
    const auto index = quint32(id & 0xffffffffu);
    if (index >= m_slots.size()) {
        m_slots.resize(size_t(index) + 1);
        m_access.resize(m_slots.size());
    }
    RequestSlot &slot = m_slots[index];
    slot = RequestSlot{};
    m_access.clear(index);
    slot.generation = quint32(id >> 32);
    m_nextGeneration = std::max(m_nextGeneration, slot.generation + 1);
    ++m_live;
    return index;
}

void RequestTable::finishRestore()
{
    m_freeHead = RequestSlot::kNone;
    for (size_t i = m_slots.size(); i-- > 0;) {
        RequestSlot &slot = m_slots[i];
        if (slot.state == RequestSlot::State::Free) {
            slot.next = m_freeHead;
            m_freeHead = quint32(i);
        }
    }
}

void RequestTable::release(quint32 index)
{
    RequestSlot &slot = m_slots[index];
    slot.state = RequestSlot::State::Free;
    m_access.clear(index);
    slot.next = m_freeHead;
    m_freeHead = index;
    --m_live;
}

quint32 RequestTable::find(RequestId id) const
{
    const auto index = quint32(id & 0xffffffffu);
    if (index >= m_slots.size())
        return RequestSlot::kNone;
    const RequestSlot &slot = m_slots[index];
    if (slot.state == RequestSlot::State::Free || slot.generation != quint32(id >> 32))
        return RequestSlot::kNone;
    return index;
}

void RequestTable::restoreGeneration(quint32 next)
{
    m_nextGeneration = std::max(m_nextGeneration, next);
}

} // namespace sluice
