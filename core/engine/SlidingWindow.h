#pragma once

#include "util/Clock.h"

#include <deque>
#include <vector>

namespace sluice {

/// The requests and tokens admitted during the last 60 seconds, counted exactly: a log of
/// admissions in a ring buffer, not fixed buckets. An admission at time t counts while
/// now < t + 60 s. Each admission has a sequence number, so that its token estimate can be
/// corrected when real usage is reported, or the admission withdrawn.
/// Tokens are also summed per block of 256 sequence numbers, so finding when a request's
/// tokens fit reads at most n/256 block sums and one block instead of the whole window.
/// O(1) amortised per update; 16 bytes per admission in the window. Not thread-safe.
class SlidingWindow
{
public:
    static constexpr qint64 kLengthMs = 60'000;

    /// Records an admission at `at` (not earlier than the previous one) and returns its
    /// sequence number.
    quint64 add(TimeMs at, qint64 tokens);
    /// Forgets admissions that have left the window at `now`.
    void expire(TimeMs now);
    /// Replaces the token count of an admission still in the window; no-op otherwise.
    void setTokens(quint64 seq, qint64 tokens);
    /// Withdraws an admission still in the window; no-op otherwise.
    void remove(quint64 seq);

    /// Calls f(seq, at, tokens) for every admission still in the window at `now`, oldest first.
    template<typename F> void forEach(TimeMs now, F f) const
    {
        for (size_t i = 0; i < m_size; ++i) {
            const Entry &entry = at(i);
            if (entry.tokens >= 0 && entry.at + kLengthMs > now)
                f(m_headSeq + i, entry.at, entry.tokens);
        }
    }

    qint64 requests() const { return m_requests; }
    qint64 tokens() const { return m_tokens; }

    /// Earliest time at which fewer than `limit` requests remain in the window.
    /// Returns 0 if that is already so.
    TimeMs requestsBelowAt(qint64 limit) const;
    /// Earliest time at which tokens() + need <= limit; 0 if that is already so.
    /// The caller ensures need <= limit.
    TimeMs tokensFitAt(qint64 limit, qint64 need) const;

private:
    struct Entry
    {
        TimeMs at;
        qint64 tokens;  // < 0: withdrawn
    };
    Entry *find(quint64 seq);
    const Entry &at(size_t offset) const { return m_ring[(m_head + offset) & (m_ring.size() - 1)]; }
    void grow();
    qint64 &blockTokens(quint64 seq) { return m_blockTokens[seq / kBlock - m_firstBlock]; }

    static constexpr quint64 kBlock = 256;
    std::vector<Entry> m_ring = std::vector<Entry>(16);  // capacity: a power of two
    size_t m_head = 0;
    size_t m_size = 0;
    quint64 m_headSeq = 1;
    qint64 m_requests = 0;
    qint64 m_tokens = 0;
    std::deque<qint64> m_blockTokens; ///< live tokens of each block, from block m_firstBlock on
    quint64 m_firstBlock = 0;         ///< the head's block (seq / kBlock)
};

} // namespace sluice
