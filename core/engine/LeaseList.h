#pragma once

#include "engine/RequestTable.h"

#include <vector>

namespace sluice {

/// The active leases of one pool, oldest heartbeat first: an intrusive list through the
/// slots' prev/next links, so a heartbeat moves a lease to the back in O(1) and the next
/// lease to expire is always at the front. Not thread-safe.
class LeaseList
{
public:
    explicit LeaseList(RequestTable &table) : m_table(table) {}

    void append(quint32 slot);
    void remove(quint32 slot);
    /// The lease with the oldest heartbeat, or RequestSlot::kNone.
    quint32 oldest() const { return m_head; }
    qint64 size() const { return m_size; }
    /// Every lease, oldest heartbeat first.
    std::vector<quint32> all() const;

private:
    RequestTable &m_table;
    quint32 m_head = RequestSlot::kNone;
    quint32 m_tail = RequestSlot::kNone;
    qint64 m_size = 0;
};

} // namespace sluice
