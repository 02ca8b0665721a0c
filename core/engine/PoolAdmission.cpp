// Pool: admission. Checks 2-5 of SPEC section 3 (user and pool concurrency, requests and
// tokens per minute), granting at once, queueing or refusing, and the wait to announce.

#include "engine/Pool.h"

#include <algorithm>
#include <cmath>

namespace sluice {

namespace {
constexpr qint64 kPausedRetryMs = 5000;

/// A replica's share of a pool limit when it decides alone: ceil(limit / replicas).
qint64 shareOf(qint64 limit, const Admission &admission)
{
    return admission.shareOf > 1 ? (limit + admission.shareOf - 1) / admission.shareOf : limit;
}
} // namespace

Decision Pool::admit(const Admission &admission, TimeMs now)
{
    if (admission.decidedElsewhere)
        return admitDecided(admission, now);
    if (m_mode == PoolMode::Draining || m_mode == PoolMode::Drained)
        return reject(Reason::PoolDraining, 0);
    if (m_config.tokensPerMinute && admission.tokens > *m_config.tokensPerMinute) {
        Decision decision = reject(Reason::InvalidRequest, 0);
        decision.limit = *m_config.tokensPerMinute;
        return decision;
    }
    // Alone, a request larger than this replica's share of the TPM window would never fit.
    if (admission.shareOf > 1 && m_config.tokensPerMinute
        && admission.tokens > shareOf(*m_config.tokensPerMinute, admission)) {
        Decision decision = reject(Reason::RateLimited, kPausedRetryMs);
        decision.limit = shareOf(*m_config.tokensPerMinute, admission);
        return decision;
    }
    const quint32 context = admission.contextKey.isEmpty() ? ContextTable::kNone
                                                           : m_contexts.find(admission.contextKey);
    const bool joinsContext = context != ContextTable::kNone && m_contexts[context].leases > 0;
    Reason blocked = firstBlockingCheck(admission, joinsContext, now);
    // Nobody jumps the queue, except a request joining a context that already holds its slot
    // (and one decided alone: the queue here is the shared one's, which waits for Redis).
    if (blocked == Reason::None && m_users.anyReady() && !joinsContext && !admission.shareOf)
        blocked = Reason::QueuedBehind;

    if (blocked == Reason::None)
        return grantNew(admission, now);
    if (!admission.wait) {
        Decision decision = reject(Reason::RateLimited, retryAfterMs(blocked, admission, now));
        decision.reason = Reason::RateLimited;
        return decision;
    }
    if (m_queue.size() >= m_config.maxQueueLength) {
        Decision decision =
            reject(Reason::QueueFull, estimatedWaitMs(1, now).value_or(kPausedRetryMs));
        decision.limit = m_config.maxQueueLength;
        decision.remaining = 0;
        return decision;
    }
    const quint32 slot = enqueue(admission, now);
    m_stats.tier(admission.tier).queued[size_t(blocked)]++;
    const RequestId id = m_table.idOf(slot);
    dispatch(now);
    Decision decision;
    decision.id = id;
    if (m_table[slot].state == RequestSlot::State::Active) {
        decision.outcome = Outcome::Granted;
        return decision;
    }
    decision.outcome = Outcome::Queued;
    decision.reason = blocked;
    decision.position = m_queue.position(slot);
    decision.estimatedWaitMs = estimatedWaitMs(decision.position, now);
    return decision;
}

Decision Pool::grantNew(const Admission &admission, TimeMs now)
{
    const quint32 slot = m_table.allocate();
    RequestSlot &request = m_table[slot];
    request.pool = quint8(m_index);
    request.tier = admission.tier;
    request.user = admission.user;
    request.tokens = admission.tokens;
    request.flags = admission.transient ? RequestSlot::kTransient : 0;
    if (!admission.contextKey.isEmpty())
        request.context = m_contexts.obtain(admission.contextKey, admission.user);
    m_stats.tier(admission.tier).granted[size_t(Reason::None)]++;
    grant(slot, now, false);
    Decision decision;
    decision.outcome = Outcome::Granted;
    decision.id = m_table.idOf(slot);
    return decision;
}

Decision Pool::admitDecided(const Admission &admission, TimeMs now)
{
    if (*admission.decidedElsewhere == Outcome::Granted)
        return grantNew(admission, now);
    const quint32 slot = enqueue(admission, now);
    m_stats.tier(admission.tier).queued[size_t(Reason::QueuedBehind)]++;
    Decision decision;
    decision.outcome = Outcome::Queued;
    decision.reason = Reason::QueuedBehind;
    decision.id = m_table.idOf(slot);
    decision.position = m_queue.position(slot);
    decision.estimatedWaitMs = estimatedWaitMs(decision.position, now);
    return decision;
}

void Pool::grantHeld(quint32 slot, TimeMs now)
{
    m_stats.tier(m_table[slot].tier).granted[size_t(Reason::QueuedBehind)]++;
    grant(slot, now, true);
    m_host.poolQueueChanged(m_index);
}

Reason Pool::firstBlockingCheck(const Admission &admission, bool joinsContext, TimeMs now)
{
    const auto share = [&admission](qint64 limit) { return shareOf(limit, admission); };
    if (!joinsContext) {
        if (m_users.active(admission.user) >= m_host.userConcurrencyLimit(admission.user))
            return Reason::UserConcurrency;
        if (m_inUse >= share(m_config.maxConcurrent))
            return Reason::PoolConcurrency;
    }
    m_window.expire(now);
    if (m_config.requestsPerMinute && m_window.requests() >= share(*m_config.requestsPerMinute))
        return Reason::RequestsPerMinute;
    if (m_config.tokensPerMinute &&
        m_window.tokens() + admission.tokens > share(*m_config.tokensPerMinute))
        return Reason::TokensPerMinute;
    if (m_mode == PoolMode::Paused)
        return Reason::PoolPaused;
    if (m_throttledUntil > now)
        return Reason::UpstreamThrottled;
    return Reason::None;
}

qint64 Pool::retryAfterMs(Reason blocked, const Admission &admission, TimeMs now) const
{
    switch (blocked) {
    case Reason::UserConcurrency:
        return qint64(std::ceil(m_meanLeaseMs));
    case Reason::PoolConcurrency:
        return qint64(std::ceil(m_meanLeaseMs /
                                double(std::max<qint64>(1, shareOf(m_config.maxConcurrent, admission)))));
    case Reason::RequestsPerMinute:
        return m_window.requestsBelowAt(shareOf(*m_config.requestsPerMinute, admission)) - now;
    case Reason::TokensPerMinute:
        return m_window.tokensFitAt(shareOf(*m_config.tokensPerMinute, admission), admission.tokens) -
               now;
    case Reason::PoolPaused:
        return kPausedRetryMs;
    case Reason::UpstreamThrottled:
        return m_throttledUntil - now;
    default:
        return estimatedWaitMs(m_queue.size() + 1, now).value_or(kPausedRetryMs);
    }
}

Decision Pool::reject(Reason reason, qint64 retryAfter) const
{
    Decision decision;
    decision.outcome = Outcome::Rejected;
    decision.reason = reason;
    decision.retryAfterMs = std::max<qint64>(retryAfter, 0);
    return decision;
}

std::optional<qint64> Pool::estimatedWaitMs(qint64 position, TimeMs now) const
{
    if (m_mode == PoolMode::Paused)
        return std::nullopt;
    double perGrant = m_meanLeaseMs / std::max(1, m_config.maxConcurrent);
    if (m_config.requestsPerMinute)
        perGrant = std::max(perGrant, 60000.0 / *m_config.requestsPerMinute);
    if (m_config.tokensPerMinute && m_meanTokens > 0)
        perGrant = std::max(perGrant, 60000.0 * m_meanTokens / double(*m_config.tokensPerMinute));
    double eta = 0;
    if (m_throttledUntil > now) {
        eta = double(m_throttledUntil - now) + double(position - 1) * perGrant;
    } else {
        // The next grant is due one interval after the last: the estimate counts down meanwhile
        // (and stays at the places ahead once that grant is overdue).
        const double sinceGrant = std::clamp(double(now - m_lastGrantAt), 0.0, perGrant);
        eta = double(position) * perGrant - sinceGrant;
    }
    return std::max(qint64(std::llround(eta)), windowFloorMs(position, now));
}

qint64 Pool::windowFloorMs(qint64 position, TimeMs now) const
{
    if (!m_config.requestsPerMinute || position < 1)
        return 0;
    // At most `limit` grants in any 60 s: place p needs the window entries ahead of it to
    // leave, and every full round of the limit before it adds a window length.
    const qint64 limit = *m_config.requestsPerMinute;
    const qint64 rounds = (position - 1) / limit;
    const qint64 place = (position - 1) % limit + 1;
    const TimeMs roomAt = m_window.requestsBelowAt(limit - place + 1);
    return std::max<qint64>(roomAt - now, 0) + rounds * SlidingWindow::kLengthMs;
}

} // namespace sluice
