#pragma once

#include "engine/RequestId.h"
#include "util/Clock.h"

#include <optional>
#include <vector>

namespace sluice {

/// Ticket deadlines of one pool, earliest first (a binary min-heap). Entries are not removed
/// when a ticket leaves early; the caller checks on pop that the ticket still has that
/// deadline, and calls rebuild() when stale entries pile up. Not thread-safe.
class DeadlineHeap
{
public:
    struct Entry
    {
        TimeMs at;
        RequestId id;
        auto operator<=>(const Entry &) const = default;
    };

    void push(TimeMs at, RequestId id);
    /// Removes and returns the earliest entry if it is due at `now`.
    std::optional<Entry> popDue(TimeMs now);
    /// The earliest deadline, or 0 when empty.
    TimeMs next() const { return m_heap.empty() ? 0 : m_heap.front().at; }
    size_t size() const { return m_heap.size(); }
    void rebuild(std::vector<Entry> live);
    size_t memoryBytes() const { return m_heap.capacity() * sizeof(Entry); }

private:
    std::vector<Entry> m_heap;
};

} // namespace sluice
