#pragma once

#include "engine/RequestTable.h"
#include "engine/WaitQueue.h"

#include <set>

namespace sluice {

/// The tickets a pool could serve next: the first ticket of each user who is below their
/// concurrency limit, in queue order. Dispatch takes the first; a user held back only by their
/// own limit is simply absent, so they never block others (no head-of-line blocking).
/// O(log u) per operation for u users with waiting tickets. Not thread-safe.
class ReadySet
{
public:
    ReadySet(const WaitQueue &queue, const RequestTable &table) : m_queue(queue), m_table(table) {}

    void insert(quint32 slot) { m_set.insert(keyOf(slot)); }
    void erase(quint32 slot) { m_set.erase(keyOf(slot)); }
    bool empty() const { return m_set.empty(); }
    size_t size() const { return m_set.size(); }
    quint32 front() const { return m_set.empty() ? RequestSlot::kNone : m_set.begin()->slot; }
    /// Recomputes every key after the queue's order changed (aging).
    void rebuild();

private:
    struct Key
    {
        qint64 key;
        qint32 negPriority;
        quint64 seq;
        quint32 slot;
        auto operator<=>(const Key &) const = default;
    };
    Key keyOf(quint32 slot) const
    {
        const RequestSlot &request = m_table[slot];
        return Key{m_queue.keyOf(request), -request.priority, request.arrival(), slot};
    }

    const WaitQueue &m_queue;
    const RequestTable &m_table;
    std::set<Key> m_set;
};

} // namespace sluice
