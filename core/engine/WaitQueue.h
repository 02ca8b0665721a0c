#pragma once

#include "engine/FenwickTree.h"
#include "engine/RequestTable.h"

#include <vector>

namespace sluice {

/// The waiting tickets of one pool in service order, with the position of any ticket in
/// O(C log n) for C priority classes.
///
/// Order: by key = -priority (strict priority) or, with aging, key = enqueued-at minus
/// priority x agingMs (a ticket gains one priority level per agingMs waited, so low tiers
/// cannot starve); then higher priority; then arrival (seq). Because a key only depends on
/// the arrival time within one priority class, each class is an append-only sorted array:
/// a ticket's position is the live entries before it in its own class (a Fenwick tree) plus,
/// per other class, the live entries with a smaller key (binary search + Fenwick tree).
/// 16 bytes per ticket besides its RequestSlot. Not thread-safe.
class WaitQueue
{
public:
    explicit WaitQueue(RequestTable &table) : m_table(table) {}

    /// Sets the aging step and reorders every ticket accordingly (O(n log n)).
    void setAgingMs(qint64 agingMs);
    qint64 agingMs() const { return m_agingMs; }

    /// The order key of a ticket (smaller is served first); see the class comment.
    qint64 keyOf(const RequestSlot &slot) const
    {
        return m_agingMs > 0 ? slot.enqueuedAt() - qint64(slot.priority) * m_agingMs
                             : -qint64(slot.priority);
    }
    /// True if ticket a is served before ticket b.
    bool precedes(quint32 a, quint32 b) const;

    /// Adds a ticket whose priority, since and seq are set; sets its queueClass and queueIndex.
    void push(quint32 slot);
    void erase(quint32 slot);
    /// 1-based position of a waiting ticket.
    qint64 position(quint32 slot) const;
    qint64 size() const { return m_size; }
    /// The slots at positions offset+1 .. offset+limit, in order.
    std::vector<quint32> page(qint64 offset, qint64 limit) const;
    /// Every waiting slot, in no particular order.
    std::vector<quint32> all() const;
    size_t memoryBytes() const;

private:
    struct Class
    {
        qint32 priority = 0;
        std::vector<qint64> keys;     // sorted
        std::vector<quint32> entries;  // slot indices; RequestSlot::kNone where the ticket left
        FenwickTree live;             // 1 per live entry
        qint64 count = 0;             // live entries
        qint64 lastKey = 0;           // (key, seq) of the last appended entry
        quint64 lastSeq = 0;
    };

    Class &classFor(qint32 priority, quint8 *index);
    void insertInMiddle(Class &cls, quint8 classIndex, quint32 slot, qint64 key);
    void compact(Class &cls);
    void reindexFrom(Class &cls, size_t first);
    qint64 liveBefore(const Class &cls, qint64 key, qint32 priority) const;

    RequestTable &m_table;
    std::vector<Class> m_classes;  // in order of creation; class indices are stable
    qint64 m_agingMs = 0;
    qint64 m_size = 0;
};

} // namespace sluice
