#include "shared/SharedDecisions.h"

#include "engine/Engine.h"

#include <QRandomGenerator>

namespace sluice::shared {

using namespace Qt::StringLiterals;

namespace {
/// The head start of one priority level when the queue has no aging (strict priority): far
/// longer than any ticket waits (115 days), so no wait makes up for a level; small enough that
/// a score stays exact in cjson's 14 digits up to priority 1000.
constexpr qint64 kStrictLevelMs = 10'000'000'000;
constexpr qint64 kUnavailableRetryMs = 1000;
} // namespace

RedisAdmitRequest admitRequest(const Engine &engine, const AcquireRequest &request,
                               const QByteArray &requestId, const QString &replica)
{
    const EngineConfig &config = engine.config();
    const QString tierName = request.tier.isEmpty() ? engine.userQuota(request.user).tier
                                                    : request.tier;
    const TierConfig *tier = config.tier(tierName);
    RedisAdmitRequest admit;
    admit.requestId = requestId;
    admit.user = request.user;
    admit.contextId = contextKey(request);
    admit.tokens = request.tokens;
    admit.wait = request.wait;
    admit.timeoutMs = request.timeoutMs;
    admit.owner = replica;
    admit.dayOffsetMs = quotaDayOffsetMs(config);
    if (tier) {
        admit.priorityBoostMs =
            qint64(tier->priority) * (config.agingMs > 0 ? config.agingMs : kStrictLevelMs);
        admit.userMaxConcurrent = tier->maxConcurrentPerUser.value_or(-1);
        admit.dailyRequests = tier->dailyRequests;
        admit.dailyTokens = tier->dailyTokens.value_or(-1);
        // As the engine counts it (Engine::setConfig): nano-USD.
        admit.dailyCostNanoUsd = tier->dailyCostUsd ? qint64(*tier->dailyCostUsd * 1e9) : -1;
    }
    return admit;
}

std::optional<Decision> tooLarge(const EngineConfig &config, const AcquireRequest &request)
{
    const PoolConfig *pool = config.pool(request.pool);
    if (!pool || !pool->tokensPerMinute || request.tokens <= *pool->tokensPerMinute)
        return std::nullopt;
    Decision decision;
    decision.outcome = Outcome::Rejected;
    decision.reason = Reason::InvalidRequest;
    decision.limit = *pool->tokensPerMinute;
    decision.message =
        u"tokens exceed the pool's tokens_per_minute (%1) and could never be admitted"_s.arg(
            decision.limit);
    return decision;
}

QString contextKey(const AcquireRequest &request)
{
    return request.contextId.isEmpty() ? QString() : request.user + u'\n' + request.contextId;
}

Decision rejection(const RedisAnswer &answer)
{
    Decision decision;
    decision.outcome = Outcome::Rejected;
    const QString code = answer.json.value("reason"_L1).toString();
    decision.reason = reasonFromCode(code).value_or(Reason::RateLimited);
    decision.retryAfterMs = std::max<qint64>(0, answer.json.value("retry_after_ms"_L1).toInteger());
    decision.limit = answer.json.value("limit"_L1).toInteger(-1);
    decision.remaining = answer.json.value("remaining"_L1).toInteger(-1);
    decision.resetAt = answer.json.value("reset_at"_L1).toInteger();
    switch (decision.reason) {
    case Reason::UserLimitExceeded:
        decision.message =
            answer.json.value("kind"_L1).toString() == u"cost"_s
                ? u"Daily spending limit of $%1 reached (counted across every replica)"_s.arg(
                      double(decision.limit) / 1e9, 0, 'f', 2)
                : u"Daily limit of %1 reached (counted across every replica)"_s.arg(
                      decision.limit);
        break;
    case Reason::RateLimited:
        decision.message =
            u"The pool is at its limit; retry in %1 ms"_s.arg(decision.retryAfterMs);
        break;
    case Reason::QueueFull:
        decision.message = u"The shared queue is full"_s;
        break;
    case Reason::PoolDraining:
        decision.message = u"The pool is draining and accepts no new requests"_s;
        break;
    default:
        decision.message = u"Refused by the shared admission (%1)"_s.arg(code);
        break;
    }
    return decision;
}

Decision unavailable(const QString &why)
{
    Decision decision;
    decision.outcome = Outcome::Rejected;
    decision.reason = Reason::RedisUnavailable;
    decision.retryAfterMs = kUnavailableRetryMs;
    decision.message = u"The shared limits cannot be checked (%1); refusing rather than risk "
                       "exceeding them"_s.arg(why);
    return decision;
}

qint64 quotaDayOffsetMs(const EngineConfig &config)
{
    return qint64(config.quotaResetMinuteUtc) * 60'000;
}

QByteArray newRequestId()
{
    quint64 bits[2];
    QRandomGenerator::system()->fillRange(bits);
    return QByteArray(reinterpret_cast<const char *>(bits), sizeof bits).toHex();
}

} // namespace sluice::shared
