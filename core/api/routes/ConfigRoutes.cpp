// Configuration (admin): read, replace, merge, one pool or tier, a preset, versions and rollback.
// Every change is validated with the engine's ranges, versioned and audited by ConfigVersions.
// Reads carry the version as an ETag; a change naming an older one in If-Match is refused (412).

#include "api/routes/ConfigPrecondition.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "config/ConfigJson.h"
#include "config/ConfigPresets.h"
#include "control/ConfigVersions.h"
#include "protocol/WireReader.h"
#include "protocol/WireRecords.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kMaxNoteLength = 1000;

QList<FieldError> prefixed(const QList<FieldError> &errors, const QString &prefix)
{
    QList<FieldError> result;
    for (const FieldError &error : errors)
        result.append({prefix + error.field, error.message});
    return result;
}

/// `base` with the members of `changes` replacing its own; objects one level deep (a pool's
/// "retry") are merged the same way.
QJsonObject merged(QJsonObject base, const QJsonObject &changes)
{
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

/// A rejection at once; an applied change once its version is durable.
void answer(ApiContext &context, const Result<ConfigApplied> &result, ApiReply &reply)
{
    if (!result) {
        reply.respond(ApiResponse::error(configRefusalStatus(result.error()), result.error()));
        return;
    }
    respondWhenDurable(
        context, reply,
        withConfigTag(ApiResponse::ok(configAppliedToJson(*result)), result->version));
}

/// Answers the If-Match failure and returns true when the change may not go on. Checked and
/// applied in one turn of the engine's thread, so no other change can come in between.
bool refusedByPrecondition(ApiContext &context, const ApiRequest &request, ApiReply &reply)
{
    std::optional<ApiResponse> failure =
        configPreconditionFailure(request, context.runtime.configVersions().version());
    if (failure)
        reply.respond(*failure);
    return failure.has_value();
}

/// Reads {"<member>": {...}, "note"?: "..."}: the object and the note.
std::optional<std::pair<QJsonObject, QString>> changeBody(ApiContext &context,
                                                          const ApiRequest &request,
                                                          ApiReply &reply, QLatin1StringView member)
{
    if (refusedByPrecondition(context, request, reply))
        return std::nullopt;
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return std::nullopt;
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    const QJsonObject object = reader.object(member, WireReader::Need::Required);
    const QString note = reader.text("note"_L1, WireReader::Need::Optional, kMaxNoteLength);
    reader.rejectUnknown();
    if (rejectInvalid(errors, reply))
        return std::nullopt;
    return std::pair{object, note};
}

void applyJson(ApiContext &context, const ApiRequest &request, ApiReply &reply,
               const QJsonObject &config, const QString &note)
{
    const Result<EngineConfig> parsed = configFromJson(config);
    if (!parsed.ok()) {
        const QList<FieldError> &fields = parsed.error().fields;
        reply.respond(ApiResponse::error(400, errors::kValidationFailed, describeErrors(fields),
                                         prefixed(fields, u"config."_s)));
        return;
    }
    answer(context, context.runtime.configVersions().apply(*parsed, request.actor, note), reply);
}

/// Merges `changes` into the named item of `list` (or a new item with that name) and applies
/// the configuration that results.
void upsertItem(ApiContext &context, const ApiRequest &request, ApiReply &reply,
                QLatin1StringView list, QLatin1StringView member)
{
    const std::optional<std::pair<QJsonObject, QString>> body =
        changeBody(context, request, reply, member);
    if (!body)
        return;
    const QString name = request.param(u"name"_s);
    const QJsonValue given = body->first.value("name"_L1);
    if (!given.isUndefined() && given.toString() != name) {
        reply.respond(
            ApiResponse::error(400, errors::kValidationFailed,
                               u"%1.name must be the name in the path ('%2')"_s.arg(member, name),
                               {{QString(member) + u".name"_s, u"must be '%1'"_s.arg(name)}}));
        return;
    }
    QJsonObject config = configToJson(context.runtime.configVersions().config());
    QJsonArray items = config.value(list).toArray();
    qsizetype index = 0;
    while (index < items.size() && items[index].toObject().value("name"_L1).toString() != name)
        ++index;
    const QJsonObject base =
        index < items.size() ? items[index].toObject() : QJsonObject{{u"name"_s, name}};
    if (index < items.size())
        items[index] = merged(base, body->first);
    else
        items.append(merged(base, body->first));
    config.insert(list, items);
    applyJson(context, request, reply, config, body->second);
}
} // namespace

void getConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const ConfigVersions &versions = context.runtime.configVersions();
    EngineConfig config = versions.config();
    // Support and operators read the limits; the webhook URL (a Slack URL is a secret) is
    // for admins only.
    if (request.role < Role::Admin)
        config.alertWebhookUrl.clear();
    reply.respond(withConfigTag(
        ApiResponse::ok(versionedConfigToJson({versions.version(), config})), versions.version()));
}

void putConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (const auto body = changeBody(context, request, reply, "config"_L1))
        applyJson(context, request, reply, body->first, body->second);
}

void patchConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (const auto body = changeBody(context, request, reply, "config"_L1)) {
        const QJsonObject current = configToJson(context.runtime.configVersions().config());
        QJsonObject config = current;
        for (auto it = body->first.begin(); it != body->first.end(); ++it)
            config.insert(it.key(), it.value());
        applyJson(context, request, reply, config, body->second);
    }
}

void putPoolConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    upsertItem(context, request, reply, "pools"_L1, "pool"_L1);
}

void putTierConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    upsertItem(context, request, reply, "tiers"_L1, "tier"_L1);
}

void configPresets(ApiContext &, ApiRequest &, ApiReply &reply)
{
    QJsonArray presets;
    for (const ConfigPreset &preset : sluice::configPresets())
        presets.append(QJsonObject{{u"name"_s, preset.name},
                                   {u"requests_per_minute"_s, preset.requestsPerMinute},
                                   {u"max_concurrent"_s, preset.maxConcurrent},
                                   {u"description"_s, preset.description}});
    reply.respond(ApiResponse::ok(QJsonObject{{u"presets"_s, presets}}));
}

void applyPoolPreset(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (refusedByPrecondition(context, request, reply))
        return;
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    const QString name = reader.text("preset"_L1, WireReader::Need::Required, 64);
    const QString note = reader.text("note"_L1, WireReader::Need::Optional, kMaxNoteLength);
    reader.rejectUnknown();
    const std::optional<ConfigPreset> preset = findPreset(name);
    if (errors.isEmpty() && !preset) {
        QStringList known;
        for (const ConfigPreset &each : sluice::configPresets())
            known << each.name;
        errors.append({u"preset"_s, u"preset must be one of %1 (got '%2')"_s.arg(
                                        known.join(u", "_s), name.left(64))});
    }
    if (rejectInvalid(errors, reply))
        return;
    EngineConfig config = context.runtime.configVersions().config();
    const QString pool = request.param(u"name"_s);
    auto found = std::find_if(config.pools.begin(), config.pools.end(),
                              [&pool](const PoolConfig &each) { return each.name == pool; });
    if (found == config.pools.end()) {
        reply.respond(ApiResponse::error(404, reasonCode(Reason::UnknownPool),
                                         u"There is no pool '%1'"_s.arg(pool.left(100))));
        return;
    }
    applyPreset(*found, *preset);
    answer(context,
           context.runtime.configVersions().apply(
               config, request.actor, note.isEmpty() ? u"%1 preset"_s.arg(preset->name) : note),
           reply);
}

void configHistory(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    QJsonArray versions;
    for (const ConfigVersionRow &row : context.runtime.configVersions().list())
        versions.append(configVersionToJson(row));
    reply.respond(withConfigTag(ApiResponse::ok(QJsonObject{{u"versions"_s, versions}}),
                                context.runtime.configVersions().version()));
}

void configVersion(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const QString text = request.param(u"version"_s);
    bool ok = false;
    const int version = text.toInt(&ok);
    const std::optional<ConfigVersionRow> row =
        ok && version > 0 ? context.runtime.configVersions().row(version) : std::nullopt;
    if (!row) {
        reply.respond(
            ApiResponse::error(404, errors::kUnknownVersion,
                               u"There is no configuration version '%1'"_s.arg(text.left(20))));
        return;
    }
    reply.respond(ApiResponse::ok(configVersionToJson(*row)));
}

void rollbackConfig(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (refusedByPrecondition(context, request, reply))
        return;
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    const qint64 version =
        reader.integer("version"_L1, WireReader::Need::Required, 0, 1, INT32_MAX);
    reader.rejectUnknown();
    if (rejectInvalid(errors, reply))
        return;
    if (!context.runtime.configVersions().row(qint32(version))) {
        reply.respond(ApiResponse::error(404, errors::kUnknownVersion,
                                         u"There is no configuration version %1"_s.arg(version)));
        return;
    }
    answer(context, context.runtime.configVersions().rollback(qint32(version), request.actor),
           reply);
}

} // namespace sluice::routes
