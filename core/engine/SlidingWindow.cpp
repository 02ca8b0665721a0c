#include "engine/SlidingWindow.h"

namespace sluice {

quint64 SlidingWindow::add(TimeMs at, qint64 tokens)
{
    if (m_size == m_ring.size())
        grow();
    m_ring[(m_head + m_size) & (m_ring.size() - 1)] = Entry{at, tokens};
    ++m_size;
    ++m_requests;
    m_tokens += tokens;
    return m_headSeq + m_size - 1;
}

void SlidingWindow::expire(TimeMs now)
{
    while (m_size > 0) {
        const Entry &front = m_ring[m_head];
        if (front.at + kLengthMs > now)
            break;
        if (front.tokens >= 0) {
            --m_requests;
            m_tokens -= front.tokens;
        }
        m_head = (m_head + 1) & (m_ring.size() - 1);
        --m_size;
        ++m_headSeq;
    }
}

SlidingWindow::Entry *SlidingWindow::find(quint64 seq)
{
    if (seq < m_headSeq || seq >= m_headSeq + m_size)
        return nullptr;
    Entry &entry = m_ring[(m_head + (seq - m_headSeq)) & (m_ring.size() - 1)];
    return entry.tokens >= 0 ? &entry : nullptr;
}

void SlidingWindow::setTokens(quint64 seq, qint64 tokens)
{
    if (Entry *entry = find(seq)) {
        m_tokens += tokens - entry->tokens;
        entry->tokens = tokens;
    }
}

void SlidingWindow::remove(quint64 seq)
{
    if (Entry *entry = find(seq)) {
        --m_requests;
        m_tokens -= entry->tokens;
        entry->tokens = -1;
    }
}

TimeMs SlidingWindow::requestsBelowAt(qint64 limit) const
{
    qint64 excess = m_requests - limit + 1;  // admissions that must leave first
    for (size_t i = 0; i < m_size && excess > 0; ++i) {
        const Entry &entry = at(i);
        if (entry.tokens >= 0 && --excess == 0)
            return entry.at + kLengthMs;
    }
    return 0;
}

TimeMs SlidingWindow::tokensFitAt(qint64 limit, qint64 need) const
{
    qint64 excess = m_tokens + need - limit;  // tokens that must leave first
    for (size_t i = 0; i < m_size && excess > 0; ++i) {
        const Entry &entry = at(i);
        if (entry.tokens > 0) {
            excess -= entry.tokens;
            if (excess <= 0)
                return entry.at + kLengthMs;
        }
    }
    return 0;
}

void SlidingWindow::grow()
{
    std::vector<Entry> bigger(m_ring.size() * 2);
    for (size_t i = 0; i < m_size; ++i)
        bigger[i] = at(i);
    m_ring.swap(bigger);
    m_head = 0;
}

} // namespace sluice
