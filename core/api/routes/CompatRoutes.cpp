// The seed's admin API (seeds/001): GET /api/admin/rate-limit-status and
// POST /api/admin/update-rate-limits, with its field names, on the "anthropic" pool (or the
// first pool when there is none by that name). Ranges are the engine's (SPEC section 3).

#include "api/routes/ConfigPrecondition.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "config/ConfigLimits.h"
#include "control/ConfigVersions.h"
#include "engine/Engine.h"
#include "protocol/WireEngine.h"
#include "protocol/WireReader.h"

#include <QDateTime>

#include <array>

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {

struct SeedField
{
    QLatin1StringView name;
    LimitField field;
};

constexpr std::array kSeedFields{
    SeedField{"maxRequestsPerMinute"_L1, LimitField::RequestsPerMinute},
    SeedField{"maxConcurrentRequests"_L1, LimitField::MaxConcurrent},
    SeedField{"maxRetries"_L1, LimitField::MaxRetries},
    SeedField{"baseDelay"_L1, LimitField::BaseDelayMs},
    SeedField{"maxDelay"_L1, LimitField::MaxDelayMs},
    SeedField{"backoffFactor"_L1, LimitField::BackoffFactor},
};

const PoolConfig *seedPool(const EngineConfig &config)
{
    const PoolConfig *pool = config.pool(u"anthropic"_s);
    return pool ? pool : (config.pools.isEmpty() ? nullptr : &config.pools.first());
}

QJsonObject seedStatus(ApiContext &context, const PoolConfig &pool)
{
    Engine &engine = context.runtime.engine();
    const TimeMs now = engine.now();
    const PoolStatus status = *engine.poolStatus(pool.name);
    return QJsonObject{
        {u"success"_s, true},
        {u"configuration"_s,
         QJsonObject{
             {u"maxRequestsPerMinute"_s, pool.requestsPerMinute
                                             ? QJsonValue(*pool.requestsPerMinute)
                                             : QJsonValue(QJsonValue::Null)},
             {u"maxConcurrentRequests"_s, pool.maxConcurrent},
             {u"maxRetries"_s, pool.retry.maxRetries},
             {u"baseDelay"_s, pool.retry.baseDelayMs},
             {u"maxDelay"_s, pool.retry.maxDelayMs},
             {u"backoffFactor"_s, pool.retry.backoffFactor},
         }},
        {u"currentStatus"_s,
         QJsonObject{
             {u"recentRequests"_s, status.windowRequests},
             {u"currentRequests"_s, status.inUse},
             {u"requestsInLastMinute"_s, status.windowRequests},
             {u"timeUntilReset"_s, status.windowFreesAt > now ? status.windowFreesAt - now : 0},
         }},
        {u"timestamp"_s, QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs)},
    };
}

/// An error in the seed's shape: the API's error body with "success": false.
ApiResponse seedShaped(ApiResponse response)
{
    QJsonObject body = response.json.toObject();
    body.insert(u"success"_s, false);
    response.json = body;
    return response;
}

ApiResponse seedError(int status, const QString &code, const QString &message,
                      const QList<FieldError> &fields = {})
{
    return seedShaped(ApiResponse::error(status, code, message, fields));
}

/// Sets the pool's field for one seed member.
void assign(PoolConfig &pool, LimitField field, double value)
{
    switch (field) {
    case LimitField::RequestsPerMinute:
        pool.requestsPerMinute = int(value);
        break;
    case LimitField::MaxConcurrent:
        pool.maxConcurrent = int(value);
        break;
    case LimitField::MaxRetries:
        pool.retry.maxRetries = int(value);
        break;
    case LimitField::BaseDelayMs:
        pool.retry.baseDelayMs = int(value);
        break;
    case LimitField::MaxDelayMs:
        pool.retry.maxDelayMs = int(value);
        break;
    default:
        pool.retry.backoffFactor = value;
        break;
    }
}
} // namespace

void rateLimitStatus(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    const ConfigVersions &versions = context.runtime.configVersions();
    const PoolConfig *pool = seedPool(versions.config());
    reply.respond(withConfigTag(
        pool ? ApiResponse::ok(seedStatus(context, *pool))
             : seedError(404, reasonCode(Reason::UnknownPool), u"No pool is configured"_s),
        versions.version()));
}

void updateRateLimits(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (const std::optional<ApiResponse> failure =
            configPreconditionFailure(request, context.runtime.configVersions().version())) {
        reply.respond(seedShaped(*failure));
        return;
    }
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    const QJsonObject changes = reader.object("config"_L1, WireReader::Need::Required);
    reader.rejectUnknown();
    EngineConfig config = context.runtime.configVersions().config();
    const PoolConfig *current = seedPool(config);
    if (!current) {
        reply.respond(seedError(404, reasonCode(Reason::UnknownPool), u"No pool is configured"_s));
        return;
    }
    PoolConfig pool = *current;
    WireReader fields(changes, u"config"_s, &errors);
    for (const SeedField &seed : kSeedFields) {
        if (!fields.has(seed.name))
            continue;
        const double value = fields.number(seed.name);
        if (!changes.value(seed.name).isDouble())
            continue; // reported by number()
        if (const auto error = checkLimit(seed.field, fields.path(seed.name), value))
            errors.append(*error);
        else
            assign(pool, seed.field, value);
    }
    fields.rejectUnknown();
    if (!errors.isEmpty()) {
        QStringList messages;
        for (const FieldError &error : std::as_const(errors))
            messages.append(error.message);
        reply.respond(seedError(400, errors::kValidationFailed, messages.join(u"; "_s), errors));
        return;
    }
    for (PoolConfig &each : config.pools) {
        if (each.name == pool.name)
            each = pool;
    }
    const Result<ConfigApplied> result =
        context.runtime.configVersions().apply(config, request.actor, u"update-rate-limits"_s);
    if (!result) {
        const Error &error = result.error();
        reply.respond(
            seedError(configRefusalStatus(error), error.code, error.message, error.fields));
        return;
    }
    const ConfigVersions &versions = context.runtime.configVersions();
    respondWhenDurable(
        context, reply,
        withConfigTag(ApiResponse::ok(seedStatus(context, *seedPool(versions.config()))),
                      versions.version()));
}

} // namespace sluice::routes
