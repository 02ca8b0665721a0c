// Engine: admission. Validating an acquire, the daily quota (check 1 of SPEC section 3),
// handing it to the pool (checks 2-5), and the limits and message of the decision.

#include "engine/Engine.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kMaxIdLength = 256;

Decision invalid(Reason reason, QString message)
{
    Decision decision;
    decision.outcome = Outcome::Rejected;
    decision.reason = reason;
    decision.message = std::move(message);
    return decision;
}
} // namespace

Decision Engine::acquire(const AcquireRequest &request)
{
    const TimeMs now = m_clock.now();
    Decision decision = decide(request, now);
    if (decision.rejected())
        emit requestRejected(request.user, request.pool, decision, now);
    return decision;
}

Decision Engine::decide(const AcquireRequest &request, TimeMs now,
                        std::optional<Outcome> decidedElsewhere, int shareOf)
{
    rollDay();
    const std::variant<Target, Decision> resolved = resolve(request);
    if (const Decision *refused = std::get_if<Decision>(&resolved))
        return *refused;
    const auto [poolIndex, askedTier] = std::get<Target>(resolved);
    Pool *pool = m_pools[size_t(poolIndex)].get();

    m_users.sweepOnAcquire(
        [this](quint32 index, const UserRecord &user) { return userInUse(index, user); });
    const quint32 userIndex =
        m_users.obtain(request.user, askedTier >= 0 ? quint8(askedTier) : m_defaultTier);
    if (askedTier >= 0 && m_users.offerTier(userIndex, quint8(askedTier)))
        userTierChanged(userIndex, now);
    UserRecord &user = m_users[userIndex];
    user.lastSeen = m_clock.wallNow();
    m_ledger.roll(user);
    const Tier &tier = m_tiers[user.tier];
    if (!decidedElsewhere) { // else the shared admission checked the quota already
        if (std::optional<Decision> refused = quotaRefusal(user, tier, request.tokens)) {
            pool->stats().tier(user.tier).rejected[size_t(refused->reason)]++;
            return std::move(*refused);
        }
    }

    Admission admission;
    admission.user = userIndex;
    admission.tier = user.tier;
    admission.priority = tier.config.priority;
    if (!request.contextId.isEmpty())
        admission.contextKey = QString::number(userIndex) + u'/' + request.contextId;
    admission.tokens = request.tokens;
    admission.wait = request.wait;
    admission.timeoutMs = request.timeoutMs;
    admission.transient = request.transient;
    admission.decidedElsewhere = decidedElsewhere;
    admission.shareOf = shareOf;
    Decision decision = pool->admit(admission, now);
    completeDecision(decision, userIndex, now);
    if (decision.rejected()) {
        pool->stats().tier(admission.tier).rejected[size_t(decision.reason)]++;
        return decision;
    }
    // Before the journal reads the row (at its next flush) and before anyone hears of it.
    m_table.access().setOwner(m_table.find(decision.id), request.owner);
    if (decision.queued()) {
        journalRequest(m_table.find(decision.id));
        emit requestQueued(decision.id, poolIndex);
    }
    return decision;
}

std::optional<Decision> Engine::invalidRequest(const AcquireRequest &request) const
{
    std::variant<Target, Decision> resolved = resolve(request);
    if (Decision *refused = std::get_if<Decision>(&resolved))
        return std::move(*refused);
    return std::nullopt;
}

std::variant<Engine::Target, Decision> Engine::resolve(const AcquireRequest &request) const
{
    if (request.user.isEmpty())
        return invalid(Reason::InvalidRequest, u"user must not be empty"_s);
    if (request.user.size() > kMaxIdLength || request.contextId.size() > kMaxIdLength)
        return invalid(Reason::InvalidRequest,
                       u"user and context_id must be at most %1 characters"_s.arg(kMaxIdLength));
    if (request.tokens < 0)
        return invalid(Reason::InvalidRequest,
                       u"tokens must be 0 or more (got %1)"_s.arg(request.tokens));
    if (request.timeoutMs < 0)
        return invalid(Reason::InvalidRequest,
                       u"timeout_ms must be 0 or more (got %1)"_s.arg(request.timeoutMs));
    Target target;
    target.pool = m_poolIndex.value(request.pool, -1);
    if (target.pool < 0)
        return invalid(Reason::UnknownPool, u"unknown pool '%1'"_s.arg(request.pool));
    if (!request.tier.isEmpty()) {
        target.tier = tierIndex(request.tier);
        if (target.tier < 0)
            return invalid(Reason::InvalidRequest, u"unknown tier '%1'"_s.arg(request.tier));
    }
    return target;
}

std::optional<Decision> Engine::quotaRefusal(const UserRecord &user, const Tier &tier,
                                             qint64 tokens) const
{
    const TierConfig &limits = tier.config;
    const bool overRequests = user.requests >= limits.dailyRequests;
    const bool overTokens = limits.dailyTokens && user.tokens + tokens > *limits.dailyTokens;
    const bool overCost = tier.costLimitNanoUsd >= 0 && user.costNanoUsd >= tier.costLimitNanoUsd;
    if (!overRequests && !overTokens && !overCost)
        return std::nullopt; // the common case, without making a Decision
    Decision decision;
    if (overRequests) {
        decision.limit = limits.dailyRequests;
        decision.message = u"Daily limit of %1 requests reached"_s.arg(limits.dailyRequests);
    } else if (overTokens) {
        decision.limit = *limits.dailyTokens;
        decision.message = u"Daily limit of %1 tokens reached"_s.arg(*limits.dailyTokens);
    } else {
        decision.limit = tier.costLimitNanoUsd;
        decision.message =
            u"Daily spending limit of $%1 reached"_s.arg(*limits.dailyCostUsd, 0, 'f', 2);
    }
    decision.outcome = Outcome::Rejected;
    decision.reason = Reason::UserLimitExceeded;
    decision.remaining = 0;
    decision.resetAt = nextReset();
    decision.retryAfterMs = std::max<qint64>(0, decision.resetAt - m_clock.wallNow());
    return decision;
}

void Engine::completeDecision(Decision &decision, quint32 userIndex, TimeMs now) const
{
    const UserRecord &user = m_users[userIndex];
    const TierConfig &tier = m_tiers[user.tier].config;
    decision.resetAt = nextReset();
    if (decision.granted() || decision.queued()) {
        decision.limit = tier.dailyRequests;
        decision.remaining = std::max<qint64>(0, tier.dailyRequests - user.requests);
    }
    if (!decision.message.isEmpty())
        return;
    switch (decision.reason) {
    case Reason::RateLimited:
        decision.message = u"The pool is at its limit; retry in %1 ms"_s.arg(decision.retryAfterMs);
        break;
    case Reason::QueueFull:
        decision.message = u"The queue is full (%1 waiting)"_s.arg(decision.limit);
        break;
    case Reason::PoolDraining:
        decision.message = u"The pool is draining and accepts no new requests"_s;
        break;
    case Reason::InvalidRequest:
        decision.message =
            u"tokens exceed the pool's tokens_per_minute (%1) and could never be admitted"_s.arg(
                decision.limit);
        break;
    default:
        if (decision.queued())
            decision.message = u"Queued at position %1"_s.arg(decision.position);
        break;
    }
    Q_UNUSED(now);
}

} // namespace sluice
