#include "protocol/WireEngine.h"

#include "protocol/JsonWriter.h"
#include "protocol/WireReader.h"

#include <QDateTime>

#include <climits>
#include <limits>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
constexpr qint64 kMaxTokens = 1'000'000'000'000;
constexpr qint64 kMaxTimeoutMs = 86'400'000;
constexpr qsizetype kMaxIdLength = 256;

/// A limit or what is left of it; null when there is none (negative).
void putLimit(JsonWriter &out, QLatin1StringView key, qint64 value)
{
    out.key(key);
    if (value < 0)
        out.null();
    else
        out.number(value);
}

void putQuota(JsonWriter &out, qint64 limit, qint64 remaining, TimeMs resetAt)
{
    putLimit(out, "limit"_L1, limit);
    putLimit(out, "remaining"_L1, remaining);
    if (resetAt > 0) {
        out.key("reset_at"_L1).number(resetAt);
        out.key("resetTime"_L1).string(isoUtc(resetAt));
    }
}
} // namespace

QString isoUtc(TimeMs at)
{
    // Most calls format the same instant (the next quota reset): keep the last one.
    thread_local TimeMs cachedAt = std::numeric_limits<TimeMs>::min();
    thread_local QString cached;
    if (at != cachedAt) {
        cachedAt = at;
        cached = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate);
    }
    return cached;
}

QJsonObject acquireRequestToJson(const AcquireRequest &request)
{
    QJsonObject object{{u"pool"_s, request.pool}, {u"user"_s, request.user}};
    if (!request.tier.isEmpty())
        object.insert(u"tier"_s, request.tier);
    if (!request.contextId.isEmpty())
        object.insert(u"context_id"_s, request.contextId);
    if (request.tokens != 0)
        object.insert(u"tokens"_s, request.tokens);
    if (!request.wait)
        object.insert(u"wait"_s, false);
    if (request.timeoutMs != 0)
        object.insert(u"timeout_ms"_s, request.timeoutMs);
    return object;
}

AcquireRequest acquireRequestFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    AcquireRequest request;
    request.pool = reader.text("pool"_L1, Need::Required, 64);
    request.user = reader.text("user"_L1, Need::Required, kMaxIdLength);
    request.tier = reader.text("tier"_L1, Need::Optional, 64);
    request.contextId = reader.text("context_id"_L1, Need::Optional, kMaxIdLength);
    request.tokens = reader.integer("tokens"_L1, Need::Optional, 0, 0, kMaxTokens);
    request.wait = reader.boolean("wait"_L1, Need::Optional, true);
    request.timeoutMs = reader.integer("timeout_ms"_L1, Need::Optional, 0, 0, kMaxTimeoutMs);
    reader.rejectUnknown();
    return request;
}

QJsonObject usageToJson(const Usage &usage)
{
    QJsonObject object;
    if (usage.inputTokens >= 0)
        object.insert(u"input_tokens"_s, usage.inputTokens);
    if (usage.outputTokens >= 0)
        object.insert(u"output_tokens"_s, usage.outputTokens);
    if (!usage.model.isEmpty())
        object.insert(u"model"_s, usage.model);
    if (usage.refund)
        object.insert(u"refund"_s, true);
    return object;
}

Usage usageFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    Usage usage;
    usage.inputTokens = reader.integer("input_tokens"_L1, Need::Optional, -1, 0, kMaxTokens);
    usage.outputTokens = reader.integer("output_tokens"_L1, Need::Optional, -1, 0, kMaxTokens);
    usage.model = reader.text("model"_L1, Need::Optional, 256);
    usage.refund = reader.boolean("refund"_L1);
    reader.rejectUnknown();
    return usage;
}

QByteArray encodeDecision(const Decision &decision)
{
    JsonWriter out;
    out.beginObject();
    const QString id = formatRequestId(decision.id, decision.secret);
    switch (decision.outcome) {
    case Outcome::Granted:
        out.key("status"_L1).string(outcomeName(Outcome::Granted));
        out.key("lease_id"_L1).string(id);
        out.key("requestId"_L1).string(id);
        break;
    case Outcome::Queued:
        out.key("status"_L1).string(outcomeName(Outcome::Queued));
        out.key("ticket_id"_L1).string(id);
        out.key("requestId"_L1).string(id);
        out.key("position"_L1).number(decision.position);
        writeEstimate(out, decision.estimatedWaitMs);
        out.key("reason"_L1).string(reasonCode(decision.reason));
        break;
    case Outcome::Rejected:
        out.key("error"_L1).string(reasonCode(decision.reason));
        if (decision.retryAfterMs > 0) {
            out.key("retryAfter"_L1).number(retryAfterSeconds(decision.retryAfterMs));
            out.key("retry_after_ms"_L1).number(decision.retryAfterMs);
        }
        break;
    }
    if (!decision.rejected() && !decision.secret.isNull())
        out.key("subscribeToken"_L1).string(decision.secret.token());
    if (!decision.message.isEmpty())
        out.key("message"_L1).string(decision.message);
    putQuota(out, decision.limit, decision.remaining, decision.resetAt);
    return out.endObject().take();
}

Decision decisionFromJson(const QJsonObject &object, QList<FieldError> *errors, const QString &path)
{
    WireReader reader(object, path, errors);
    Decision decision;
    if (reader.has("error"_L1)) {
        decision.outcome = Outcome::Rejected;
        const QString code = reader.text("error"_L1, Need::Required);
        const std::optional<Reason> reason = reasonFromCode(code);
        if (!reason && !code.isEmpty())
            reader.addError(reader.path("error"_L1), u"%1 must be a reason code (got \"%2\")"_s.arg(
                                                         reader.path("error"_L1), code));
        decision.reason = reason.value_or(Reason::None);
        decision.retryAfterMs = reader.integer("retry_after_ms"_L1, Need::Optional, 0, 0);
    } else {
        const QString status = reader.text("status"_L1, Need::Required);
        const std::optional<Outcome> outcome = outcomeFromName(status);
        if (outcome == Outcome::Granted) {
            decision.outcome = Outcome::Granted;
            decision.id = reader.requestId("lease_id"_L1, Need::Required, &decision.secret);
        } else if (outcome == Outcome::Queued) {
            decision.outcome = Outcome::Queued;
            decision.id = reader.requestId("ticket_id"_L1, Need::Required, &decision.secret);
            decision.position = reader.integer("position"_L1, Need::Required, 0, 1);
            decision.estimatedWaitMs = readEstimate(reader, Need::Required);
            const QString code = reader.text("reason"_L1);
            decision.reason = reasonFromCode(code).value_or(Reason::None);
        } else if (!status.isEmpty()) {
            reader.addError(reader.path("status"_L1),
                            u"%1 must be \"%2\" or \"%3\" (got \"%4\")"_s.arg(
                                reader.path("status"_L1), outcomeName(Outcome::Granted),
                                outcomeName(Outcome::Queued), status));
        }
    }
    if (const QString token = reader.text("subscribeToken"_L1, Need::Optional, 24);
        !token.isEmpty()) {
        const auto part = parseSecretPart(token);
        if (part)
            decision.secret.tokenPart = *part;
        else
            reader.addError(reader.path("subscribeToken"_L1),
                            u"%1 must be 24 hex digits"_s.arg(reader.path("subscribeToken"_L1)));
    }
    decision.message = reader.text("message"_L1);
    decision.limit = reader.limit("limit"_L1);
    decision.remaining = reader.limit("remaining"_L1);
    decision.resetAt = reader.integer("reset_at"_L1, Need::Optional, 0, 0);
    return decision;
}

int httpStatusFor(const Decision &decision)
{
    switch (decision.outcome) {
    case Outcome::Granted:
        return 200;
    case Outcome::Queued:
        return 202;
    case Outcome::Rejected:
        break;
    }
    return httpStatusFor(decision.reason);
}

int httpStatusFor(Reason reason)
{
    switch (reason) {
    case Reason::UserLimitExceeded:
    case Reason::RateLimited:
    case Reason::QueueFull:
        return 429;
    case Reason::PoolDraining:
    case Reason::RedisUnavailable:
        return 503;
    case Reason::UnknownPool:
    case Reason::UnknownRequest:
        return 404;
    case Reason::Timeout:
    case Reason::Cancelled:
    case Reason::QueuePurged:
    case Reason::LeaseExpired:
    case Reason::Released:
    case Reason::Moved:
        return 410;
    default:
        break;
    }
    return 400;
}

qint64 retryAfterSeconds(qint64 retryAfterMs)
{
    return retryAfterMs <= 0 ? 0 : (retryAfterMs + 999) / 1000;
}

void writeEstimate(JsonWriter &out, const std::optional<qint64> &waitMs)
{
    if (waitMs)
        out.key("estimatedWait"_L1).number(*waitMs).key("estimate"_L1).string(u"likely");
    else
        out.key("estimatedWait"_L1).null().key("estimate"_L1).string(u"paused");
}

void insertEstimate(QJsonObject &object, const std::optional<qint64> &waitMs)
{
    object.insert(u"estimatedWait"_s, waitMs ? QJsonValue(*waitMs) : QJsonValue(QJsonValue::Null));
    object.insert(u"estimate"_s, waitMs ? u"likely"_s : u"paused"_s);
}

std::optional<qint64> readEstimate(WireReader &reader, WireReader::Need need)
{
    reader.text("estimate"_L1);
    const qint64 waitMs = reader.limit("estimatedWait"_L1, need);
    return waitMs < 0 ? std::nullopt : std::optional<qint64>(waitMs);
}

} // namespace sluice
