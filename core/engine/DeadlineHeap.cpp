#include "engine/DeadlineHeap.h"

#include <algorithm>
#include <functional>

namespace sluice {

namespace {
constexpr auto kLaterFirst = std::greater<DeadlineHeap::Entry>();
}

void DeadlineHeap::push(TimeMs at, RequestId id)
{
    m_heap.push_back(Entry{at, id});
    std::push_heap(m_heap.begin(), m_heap.end(), kLaterFirst);
}

std::optional<DeadlineHeap::Entry> DeadlineHeap::popDue(TimeMs now)
{
    if (m_heap.empty() || m_heap.front().at > now)
        return std::nullopt;
    std::pop_heap(m_heap.begin(), m_heap.end(), kLaterFirst);
    const Entry entry = m_heap.back();
    m_heap.pop_back();
    return entry;
}

void DeadlineHeap::rebuild(std::vector<Entry> live)
{
    m_heap = std::move(live);
    std::make_heap(m_heap.begin(), m_heap.end(), kLaterFirst);
}

} // namespace sluice
