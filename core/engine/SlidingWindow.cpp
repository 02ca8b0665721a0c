#include "engine/SlidingWindow.h"

#include <algorithm>

namespace sluice {

quint64 SlidingWindow::add(TimeMs at, qint64 tokens)
{
    if (m_size == m_ring.size())
        grow();
    m_ring[(m_head + m_size) & (m_ring.size() - 1)] = Entry{at, tokens};
    const quint64 seq = m_headSeq + m_size;
    ++m_size;
    ++m_requests;
    m_tokens += tokens;
    while (m_firstBlock + m_blockTokens.size() <= seq / kBlock)
        m_blockTokens.push_back(0);
    blockTokens(seq) += tokens;
    return seq;
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
            blockTokens(m_headSeq) -= front.tokens;
        }
        m_head = (m_head + 1) & (m_ring.size() - 1);
        --m_size;
        ++m_headSeq;
    }
    for (; m_firstBlock < m_headSeq / kBlock; ++m_firstBlock) {
        if (!m_blockTokens.empty())
            m_blockTokens.pop_front();
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
        blockTokens(seq) += tokens - entry->tokens;
        entry->tokens = tokens;
    }
}

void SlidingWindow::remove(quint64 seq)
{
    if (Entry *entry = find(seq)) {
        --m_requests;
        m_tokens -= entry->tokens;
        blockTokens(seq) -= entry->tokens;
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
    if (excess <= 0)
        return 0;
    // Whole blocks while they do not cover the excess, then the admissions of the one that does.
    const quint64 endSeq = m_headSeq + m_size;
    for (size_t block = 0; block < m_blockTokens.size(); ++block) {
        if (m_blockTokens[block] < excess) {
            excess -= m_blockTokens[block];
            continue;
        }
        const quint64 blockStart = (m_firstBlock + block) * kBlock;
        const quint64 blockEnd = std::min(blockStart + kBlock, endSeq);
        for (quint64 seq = std::max(blockStart, m_headSeq); seq < blockEnd; ++seq) {
            const Entry &entry = at(seq - m_headSeq);
            if (entry.tokens > 0 && (excess -= entry.tokens) <= 0)
                return entry.at + kLengthMs;
        }
        break; // not reached while the block sums are right
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
