#include "engine/WaitQueue.h"

#include <algorithm>

namespace sluice {

namespace {
constexpr size_t kCompactSlack = 1024;
}

bool WaitQueue::precedes(quint32 a, quint32 b) const
{
    const RequestSlot &x = m_table[a];
    const RequestSlot &y = m_table[b];
    const qint64 kx = keyOf(x);
    const qint64 ky = keyOf(y);
    if (kx != ky)
        return kx < ky;
    if (x.priority != y.priority)
        return x.priority > y.priority;
    return x.arrival() < y.arrival();
}

WaitQueue::Class &WaitQueue::classFor(qint32 priority, quint8 *index)
{
    for (size_t i = 0; i < m_classes.size(); ++i) {
        if (m_classes[i].priority == priority) {
            *index = quint8(i);
            return m_classes[i];
        }
    }
    m_classes.emplace_back().priority = priority;
    *index = quint8(m_classes.size() - 1);
    return m_classes.back();
}

void WaitQueue::push(quint32 slot)
{
    RequestSlot &request = m_table[slot];
    quint8 classIndex = 0;
    Class &cls = classFor(request.priority, &classIndex);
    const qint64 key = keyOf(request);
    request.queueClass = classIndex;
    ++m_size;
    ++cls.count;
    const bool inOrder = cls.keys.empty() || key > cls.lastKey ||
                         (key == cls.lastKey && request.arrival() > cls.lastSeq);
    if (!inOrder) {
        insertInMiddle(cls, classIndex, slot, key);
        return;
    }
    request.queueIndex = quint32(cls.keys.size());
    cls.keys.push_back(key);
    cls.entries.push_back(slot);
    cls.live.pushBack(1);
    cls.lastKey = key;
    cls.lastSeq = request.arrival();
}

void WaitQueue::insertInMiddle(Class &cls, quint8 classIndex, quint32 slot, qint64 key)
{
    compact(cls);
    const quint64 seq = m_table[slot].arrival();
    size_t lo = 0;
    size_t hi = cls.entries.size();
    while (lo < hi) {  // first entry that does not precede (key, seq)
        const size_t mid = lo + (hi - lo) / 2;
        const qint64 k = cls.keys[mid];
        if (k < key || (k == key && m_table[cls.entries[mid]].arrival() < seq))
            lo = mid + 1;
        else
            hi = mid;
    }
    const size_t at = lo;
    cls.keys.insert(cls.keys.begin() + qsizetype(at), key);
    cls.entries.insert(cls.entries.begin() + qsizetype(at), slot);
    cls.live.assign(std::vector<qint32>(cls.entries.size(), 1));
    m_table[slot].queueClass = classIndex;
    reindexFrom(cls, at);
}

void WaitQueue::erase(quint32 slot)
{
    const RequestSlot &request = m_table[slot];
    Class &cls = m_classes[request.queueClass];
    const size_t index = request.queueIndex;
    cls.entries[index] = RequestSlot::kNone;
    cls.live.add(index, -1);
    --cls.count;
    --m_size;
    const size_t dead = cls.entries.size() - size_t(cls.count);
    if (cls.count == 0) {
        cls.keys.clear();
        cls.entries.clear();
        cls.live.clear();
    } else if (dead > kCompactSlack && dead > size_t(cls.count)) {
        compact(cls);
    }
}

void WaitQueue::compact(Class &cls)
{
    size_t out = 0;
    for (size_t i = 0; i < cls.entries.size(); ++i) {
        if (cls.entries[i] == RequestSlot::kNone)
            continue;
        cls.keys[out] = cls.keys[i];
        cls.entries[out] = cls.entries[i];
        ++out;
    }
    cls.keys.resize(out);
    cls.entries.resize(out);
    cls.live.assign(std::vector<qint32>(out, 1));
    reindexFrom(cls, 0);
}

void WaitQueue::reindexFrom(Class &cls, size_t first)
{
    for (size_t i = first; i < cls.entries.size(); ++i)
        m_table[cls.entries[i]].queueIndex = quint32(i);
    if (!cls.entries.empty()) {
        cls.lastKey = cls.keys.back();
        cls.lastSeq = m_table[cls.entries.back()].arrival();
    }
}

qint64 WaitQueue::liveBefore(const Class &cls, qint64 key, qint32 priority) const
{
    // Entries of a higher class precede on equal keys; of a lower class they follow.
    const auto bound = cls.priority > priority
                           ? std::upper_bound(cls.keys.begin(), cls.keys.end(), key)
                           : std::lower_bound(cls.keys.begin(), cls.keys.end(), key);
    return cls.live.prefix(size_t(bound - cls.keys.begin()));
}

qint64 WaitQueue::position(quint32 slot) const
{
    const RequestSlot &request = m_table[slot];
    const qint64 key = keyOf(request);
    qint64 before = 0;
    for (size_t i = 0; i < m_classes.size(); ++i) {
        const Class &cls = m_classes[i];
        if (i == request.queueClass)
            before += cls.live.prefix(request.queueIndex);
        else if (cls.count > 0)
            before += liveBefore(cls, key, request.priority);
    }
    return before + 1;
}

std::vector<quint32> WaitQueue::page(qint64 offset, qint64 limit) const
{
    std::vector<quint32> result;
    std::vector<size_t> cursor(m_classes.size(), 0);
    auto nextLive = [&](size_t c) {
        const Class &cls = m_classes[c];
        while (cursor[c] < cls.entries.size() && cls.entries[cursor[c]] == RequestSlot::kNone)
            ++cursor[c];
        return cursor[c] < cls.entries.size() ? cls.entries[cursor[c]] : RequestSlot::kNone;
    };
    for (qint64 n = 0; n < offset + limit; ++n) {
        size_t best = m_classes.size();
        quint32 bestSlot = RequestSlot::kNone;
        for (size_t c = 0; c < m_classes.size(); ++c) {
            const quint32 candidate = nextLive(c);
            if (candidate != RequestSlot::kNone
                && (bestSlot == RequestSlot::kNone || precedes(candidate, bestSlot))) {
                best = c;
                bestSlot = candidate;
            }
        }
        if (bestSlot == RequestSlot::kNone)
            break;
        ++cursor[best];
        if (n >= offset)
            result.push_back(bestSlot);
    }
    return result;
}

std::vector<quint32> WaitQueue::all() const
{
    std::vector<quint32> result;
    result.reserve(size_t(m_size));
    for (const Class &cls : m_classes) {
        for (quint32 slot : cls.entries) {
            if (slot != RequestSlot::kNone)
                result.push_back(slot);
        }
    }
    return result;
}

void WaitQueue::setAgingMs(qint64 agingMs)
{
    if (agingMs == m_agingMs)
        return;
    m_agingMs = agingMs;
    // Within a class the order by (since, seq) is unchanged; only the keys move.
    for (Class &cls : m_classes) {
        compact(cls);
        for (size_t i = 0; i < cls.entries.size(); ++i)
            cls.keys[i] = keyOf(m_table[cls.entries[i]]);
        if (!cls.keys.empty())
            cls.lastKey = cls.keys.back();
    }
}

size_t WaitQueue::memoryBytes() const
{
    size_t bytes = m_classes.capacity() * sizeof(Class);
    for (const Class &cls : m_classes)
        bytes += cls.keys.capacity() * sizeof(qint64) + cls.entries.capacity() * sizeof(quint32)
                 + cls.live.memoryBytes();
    return bytes;
}

} // namespace sluice
