// The engine's state types: live requests, how requests end, pools and users' quotas.

#include "protocol/WireEngine.h"

#include "protocol/JsonWriter.h"
#include "protocol/WireReader.h"

#include <climits>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
constexpr qsizetype kMaxIdLength = 256;
} // namespace

QJsonObject requestInfoToJson(const RequestInfo &info)
{
    QJsonObject object{
        {u"requestId"_s, formatRequestId(info.id)},
        {u"state"_s, info.active ? u"active"_s : u"waiting"_s},
        {u"pool"_s, info.pool},
        {u"user"_s, info.user},
        {u"tier"_s, info.tier},
        {u"tokens"_s, info.tokens},
    };
    if (info.active) {
        object.insert(u"granted_at"_s, info.grantedAt);
        object.insert(u"last_seen"_s, info.lastSeen);
    } else {
        object.insert(u"enqueued_at"_s, info.enqueuedAt);
        object.insert(u"position"_s, info.position);
        insertEstimate(object, info.estimatedWaitMs);
    }
    return object;
}

RequestInfo requestInfoFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                const QString &path)
{
    WireReader reader(object, path, errors);
    RequestInfo info;
    info.id = reader.requestId("requestId"_L1);
    const QString state = reader.text("state"_L1, Need::Required);
    if (!state.isEmpty() && state != u"active" && state != u"waiting")
        reader.addError(reader.path("state"_L1),
                        u"%1 must be \"active\" or \"waiting\" (got \"%2\")"_s.arg(
                            reader.path("state"_L1), state));
    info.active = state == u"active";
    info.pool = reader.text("pool"_L1, Need::Required);
    info.user = reader.text("user"_L1, Need::Required, kMaxIdLength);
    info.tier = reader.text("tier"_L1);
    info.tokens = reader.integer("tokens"_L1, Need::Optional, 0, 0);
    info.enqueuedAt = reader.integer("enqueued_at"_L1, Need::Optional, 0, 0);
    info.grantedAt = reader.integer("granted_at"_L1, Need::Optional, 0, 0);
    info.lastSeen = reader.integer("last_seen"_L1, Need::Optional, 0, 0);
    info.position = reader.integer("position"_L1, Need::Optional, 0, 0);
    info.estimatedWaitMs = readEstimate(reader, Need::Optional);
    return info;
}

QByteArray encodeRequestEnd(QStringView requestId, Reason reason)
{
    JsonWriter out(128);
    out.beginObject().key("requestId"_L1).string(requestId);
    if (reason == Reason::Released) {
        out.key("state"_L1).string(u"completed");
    } else {
        out.key("state"_L1).string(u"failed");
        out.key("error"_L1).string(reasonCode(reason));
        out.key("message"_L1).string(endMessage(reason));
    }
    return out.endObject().take();
}

QString endMessage(Reason reason)
{
    switch (reason) {
    case Reason::Released:
        return u"The request completed and its slot was released"_s;
    case Reason::Timeout:
        return u"The request waited longer than the queue timeout"_s;
    case Reason::Cancelled:
        return u"The request was cancelled"_s;
    case Reason::QueuePurged:
        return u"An operator purged the queue"_s;
    case Reason::LeaseExpired:
        return u"No heartbeat arrived within the lease idle timeout"_s;
    default:
        break;
    }
    return u"The request ended (%1)"_s.arg(reasonCode(reason));
}

QJsonObject poolStatusToJson(const PoolStatus &status)
{
    return QJsonObject{
        {u"name"_s, status.name},
        {u"mode"_s, poolModeName(status.mode)},
        {u"in_use"_s, status.inUse},
        {u"max_concurrent"_s, status.maxConcurrent},
        {u"active_leases"_s, status.activeLeases},
        {u"waiting"_s, status.waiting},
        {u"max_queue_length"_s, status.maxQueueLength},
        {u"window_requests"_s, status.windowRequests},
        {u"requests_per_minute"_s, WireReader::limitValue(status.requestsPerMinute)},
        {u"window_tokens"_s, status.windowTokens},
        {u"tokens_per_minute"_s, WireReader::limitValue(status.tokensPerMinute)},
        {u"window_frees_at"_s, status.windowFreesAt},
        {u"throttled_until"_s, status.throttledUntil},
        {u"drain_total"_s, status.drainTotal},
        {u"drain_remaining"_s, status.drainRemaining},
        {u"mean_lease_ms"_s, status.meanLeaseMs},
        {u"cost_nano_usd_today"_s, status.costNanoUsdToday},
        {u"credits_today"_s, status.creditsToday},
    };
}

PoolStatus poolStatusFromJson(const QJsonObject &object, QList<FieldError> *errors,
                              const QString &path)
{
    WireReader reader(object, path, errors);
    PoolStatus status;
    status.name = reader.text("name"_L1, Need::Required);
    const QString mode = reader.text("mode"_L1, Need::Required);
    const std::optional<PoolMode> parsed = poolModeFromName(mode);
    if (!parsed && !mode.isEmpty())
        reader.addError(reader.path("mode"_L1),
                        u"%1 must be %2 (got \"%3\")"_s.arg(reader.path("mode"_L1),
                                                            poolModeAlternatives(), mode));
    status.mode = parsed.value_or(PoolMode::Running);
    status.inUse = int(reader.integer("in_use"_L1, Need::Required, 0, 0, INT_MAX));
    status.maxConcurrent = int(reader.integer("max_concurrent"_L1, Need::Required, 0, 0, INT_MAX));
    status.activeLeases = reader.integer("active_leases"_L1, Need::Optional, 0, 0);
    status.waiting = reader.integer("waiting"_L1, Need::Required, 0, 0);
    status.maxQueueLength = reader.integer("max_queue_length"_L1, Need::Optional, 0, 0);
    status.windowRequests = reader.integer("window_requests"_L1, Need::Optional, 0, 0);
    status.requestsPerMinute = reader.limit("requests_per_minute"_L1);
    status.windowTokens = reader.integer("window_tokens"_L1, Need::Optional, 0, 0);
    status.tokensPerMinute = reader.limit("tokens_per_minute"_L1);
    status.windowFreesAt = reader.integer("window_frees_at"_L1, Need::Optional, 0, 0);
    status.throttledUntil = reader.integer("throttled_until"_L1, Need::Optional, 0, 0);
    status.drainTotal = reader.integer("drain_total"_L1, Need::Optional, 0, 0);
    status.drainRemaining = reader.integer("drain_remaining"_L1, Need::Optional, 0, 0);
    status.meanLeaseMs = reader.number("mean_lease_ms"_L1);
    status.costNanoUsdToday = reader.integer("cost_nano_usd_today"_L1, Need::Optional, 0);
    status.creditsToday = reader.integer("credits_today"_L1, Need::Optional, 0);
    return status;
}

QJsonObject userQuotaToJson(const UserQuota &quota)
{
    QJsonObject object{
        {u"user"_s, quota.user},
        {u"tier"_s, quota.tier},
        {u"known"_s, quota.known},
        {u"tier_pinned"_s, quota.tierPinned},
        {u"requests_today"_s, quota.requestsToday},
        {u"request_limit"_s, quota.requestLimit},
        {u"remaining"_s, std::max<qint64>(0, quota.requestLimit - quota.requestsToday)},
        {u"tokens_today"_s, quota.tokensToday},
        {u"token_limit"_s, WireReader::limitValue(quota.tokenLimit)},
        {u"cost_nano_usd_today"_s, quota.costNanoUsdToday},
        {u"cost_limit_nano_usd"_s, WireReader::limitValue(quota.costLimitNanoUsd)},
        {u"credits_today"_s, quota.creditsToday},
        {u"active"_s, quota.active},
        {u"waiting"_s, quota.waiting},
    };
    object.insert(u"reset_at"_s, quota.resetAt);
    object.insert(u"resetTime"_s, isoUtc(quota.resetAt));
    return object;
}

UserQuota userQuotaFromJson(const QJsonObject &object, QList<FieldError> *errors,
                            const QString &path)
{
    WireReader reader(object, path, errors);
    UserQuota quota;
    quota.user = reader.text("user"_L1, Need::Required, kMaxIdLength);
    quota.tier = reader.text("tier"_L1, Need::Required);
    quota.known = reader.boolean("known"_L1);
    quota.tierPinned = reader.boolean("tier_pinned"_L1);
    quota.requestsToday = reader.integer("requests_today"_L1, Need::Required, 0, 0);
    quota.requestLimit = reader.integer("request_limit"_L1, Need::Required, 0, 0);
    quota.tokensToday = reader.integer("tokens_today"_L1, Need::Optional, 0);
    quota.tokenLimit = reader.limit("token_limit"_L1);
    quota.costNanoUsdToday = reader.integer("cost_nano_usd_today"_L1, Need::Optional, 0);
    quota.costLimitNanoUsd = reader.limit("cost_limit_nano_usd"_L1);
    quota.creditsToday = reader.integer("credits_today"_L1, Need::Optional, 0);
    quota.resetAt = reader.integer("reset_at"_L1, Need::Required, 0, 0);
    quota.active = reader.integer("active"_L1, Need::Optional, 0, 0);
    quota.waiting = reader.integer("waiting"_L1, Need::Optional, 0, 0);
    return quota;
}

} // namespace sluice
