#include "protocol/WireRecords.h"

#include "config/ConfigJson.h"
#include "protocol/WireReader.h"
#include "util/EnumNames.h"

#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
constexpr int kMaxAuditPage = 1000;

constexpr EnumNames kRoles{std::array{
    std::pair{Role::None, u"none"},
    std::pair{Role::Client, u"client"},
    std::pair{Role::Support, u"support"},
    std::pair{Role::Operator, u"operator"},
    std::pair{Role::Admin, u"admin"},
}};

qint64 queryInteger(const QString &key, const QString &text, qint64 min, qint64 max,
                    qint64 fallback, QList<FieldError> *errors)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        errors->append({key, u"%1 must be an integer between %2 and %3 (got \"%4\")"_s.arg(
                                 key, QString::number(min), QString::number(max), text)});
        return fallback;
    }
    return value;
}
} // namespace

QString roleName(Role role)
{
    return kRoles.name(role, Role::None);
}

std::optional<Role> roleFromName(QStringView name)
{
    return kRoles.value(name);
}

QJsonObject alertRecordToJson(const AlertRecord &alert)
{
    return QJsonObject{
        {u"id"_s, alert.id},
        {u"rule_id"_s, alert.ruleId},
        {u"metric"_s, alert.metric},
        {u"target"_s, alert.target},
        {u"threshold"_s, alert.threshold},
        {u"peak"_s, alert.peak},
        {u"fired_at"_s, alert.firedAt},
        {u"cleared_at"_s, alert.clearedAt},
        {u"acked_at"_s, alert.ackedAt},
        {u"acked_by"_s, alert.ackedBy},
        {u"message"_s, alert.message},
    };
}

AlertRecord alertRecordFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                const QString &path)
{
    WireReader reader(object, path, errors);
    AlertRecord alert;
    alert.id = reader.integer("id"_L1, Need::Required, 0, 0);
    alert.ruleId = reader.text("rule_id"_L1);
    alert.metric = reader.text("metric"_L1, Need::Required);
    alert.target = reader.text("target"_L1);
    alert.threshold = reader.number("threshold"_L1);
    alert.peak = reader.number("peak"_L1);
    alert.firedAt = reader.integer("fired_at"_L1, Need::Required, 0, 0);
    alert.clearedAt = reader.integer("cleared_at"_L1, Need::Optional, 0, 0);
    alert.ackedAt = reader.integer("acked_at"_L1, Need::Optional, 0, 0);
    alert.ackedBy = reader.text("acked_by"_L1);
    alert.message = reader.text("message"_L1);
    return alert;
}

QJsonObject auditEntryToJson(const AuditEntry &entry)
{
    return QJsonObject{
        {u"id"_s, entry.id},         {u"at"_s, entry.at},         {u"actor"_s, entry.actor},
        {u"action"_s, entry.action}, {u"target"_s, entry.target}, {u"detail"_s, entry.detail},
    };
}

AuditEntry auditEntryFromJson(const QJsonObject &object, QList<FieldError> *errors,
                              const QString &path)
{
    WireReader reader(object, path, errors);
    AuditEntry entry;
    entry.id = reader.integer("id"_L1, Need::Required, 0, 0);
    entry.at = reader.integer("at"_L1, Need::Required, 0, 0);
    entry.actor = reader.text("actor"_L1);
    entry.action = reader.text("action"_L1, Need::Required);
    entry.target = reader.text("target"_L1);
    entry.detail = reader.text("detail"_L1, Need::Optional, 1 << 20);
    return entry;
}

QList<std::pair<QString, QString>> auditQueryToQuery(const AuditQuery &query)
{
    QList<std::pair<QString, QString>> items;
    if (!query.actor.isEmpty())
        items.append({u"actor"_s, query.actor});
    if (!query.action.isEmpty())
        items.append({u"action"_s, query.action});
    if (!query.target.isEmpty())
        items.append({u"target"_s, query.target});
    if (query.from > 0)
        items.append({u"from"_s, QString::number(query.from)});
    if (query.to > 0)
        items.append({u"to"_s, QString::number(query.to)});
    items.append({u"limit"_s, QString::number(query.limit)});
    if (query.offset > 0)
        items.append({u"offset"_s, QString::number(query.offset)});
    return items;
}

AuditQuery auditQueryFromQuery(const QList<std::pair<QString, QString>> &items,
                               QList<FieldError> *errors)
{
    AuditQuery query;
    for (const auto &[key, value] : items) {
        if (key == u"actor")
            query.actor = value;
        else if (key == u"action")
            query.action = value;
        else if (key == u"target")
            query.target = value;
        else if (key == u"from")
            query.from = queryInteger(key, value, 0, std::numeric_limits<qint64>::max(), 0, errors);
        else if (key == u"to")
            query.to = queryInteger(key, value, 0, std::numeric_limits<qint64>::max(), 0, errors);
        else if (key == u"limit")
            query.limit = int(queryInteger(key, value, 1, kMaxAuditPage, 100, errors));
        else if (key == u"offset")
            query.offset =
                int(queryInteger(key, value, 0, std::numeric_limits<int>::max(), 0, errors));
        else
            errors->append({key, u"unknown query parameter '%1' (expected one of: actor, action, "
                                 "target, from, to, limit, offset)"_s.arg(key)});
    }
    return query;
}

QJsonObject configVersionToJson(const ConfigVersionRow &row)
{
    QJsonObject object{
        {u"version"_s, row.version},
        {u"at"_s, row.at},
        {u"actor"_s, row.actor},
        {u"note"_s, row.note},
    };
    if (!row.json.isEmpty())
        object.insert(u"config"_s, QJsonDocument::fromJson(row.json).object());
    return object;
}

ConfigVersionRow configVersionFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                       const QString &path)
{
    WireReader reader(object, path, errors);
    ConfigVersionRow row;
    row.version = qint32(reader.integer("version"_L1, Need::Required, 0, 1, INT32_MAX));
    row.at = reader.integer("at"_L1, Need::Optional, 0, 0);
    row.actor = reader.text("actor"_L1);
    row.note = reader.text("note"_L1);
    if (reader.has("config"_L1))
        row.json = QJsonDocument(reader.object("config"_L1)).toJson(QJsonDocument::Compact);
    return row;
}

QJsonObject configChangeToJson(const ConfigChange &change)
{
    return QJsonObject{
        {u"path"_s, change.path}, {u"before"_s, change.before}, {u"after"_s, change.after}};
}

ConfigChange configChangeFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                  const QString &path)
{
    WireReader reader(object, path, errors);
    ConfigChange change;
    change.path = reader.text("path"_L1, Need::Required);
    change.before = reader.text("before"_L1, Need::Optional, 1 << 16);
    change.after = reader.text("after"_L1, Need::Optional, 1 << 16);
    return change;
}

QJsonArray configChangesToJson(const QList<ConfigChange> &changes)
{
    QJsonArray array;
    for (const ConfigChange &change : changes)
        array.append(configChangeToJson(change));
    return array;
}

QJsonArray configErrorsToJson(const QList<FieldError> &errors)
{
    QJsonArray array;
    for (const FieldError &error : errors)
        array.append(QJsonObject{{u"field"_s, error.field}, {u"message"_s, error.message}});
    return array;
}

FieldError configErrorFromJson(const QJsonObject &object, QList<FieldError> *errors,
                               const QString &path)
{
    WireReader reader(object, path, errors);
    FieldError error;
    error.field = reader.text("field"_L1);
    error.message = reader.text("message"_L1, Need::Required);
    return error;
}

QJsonObject versionedConfigToJson(const VersionedConfig &config)
{
    return QJsonObject{{u"version"_s, config.version}, {u"config"_s, configToJson(config.config)}};
}

VersionedConfig versionedConfigFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    VersionedConfig result;
    result.version = qint32(reader.integer("version"_L1, Need::Required, 0, 0, INT32_MAX));
    const Result<EngineConfig> config = configFromJson(reader.object("config"_L1, Need::Required));
    if (config)
        result.config = *config;
    else
        for (const FieldError &error : config.error().fields)
            errors->append({u"config."_s + error.field, error.message});
    return result;
}

QJsonObject configAppliedToJson(const ConfigApplied &applied)
{
    return QJsonObject{{u"version"_s, applied.version},
                       {u"changes"_s, configChangesToJson(applied.changes)}};
}

ConfigApplied configAppliedFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    ConfigApplied applied;
    applied.version = qint32(reader.integer("version"_L1, Need::Required, 0, 0, INT32_MAX));
    applied.changes = reader.list("changes"_L1, [](const QJsonObject &item, const QString &itemPath,
                                                   QList<FieldError> *itemErrors) {
        return configChangeFromJson(item, itemErrors, itemPath);
    });
    return applied;
}

QJsonObject apiKeyToJson(const ApiKeyRow &key)
{
    return QJsonObject{
        {u"id"_s, key.id},
        {u"name"_s, key.name},
        {u"role"_s, key.role},
        {u"created_at"_s, key.createdAt},
        {u"revoked_at"_s, key.revokedAt},
    };
}

ApiKeyRow apiKeyFromJson(const QJsonObject &object, QList<FieldError> *errors, const QString &path)
{
    WireReader reader(object, path, errors);
    ApiKeyRow key;
    key.id = reader.text("id"_L1, Need::Required);
    key.name = reader.text("name"_L1);
    key.role = reader.text("role"_L1, Need::Required);
    if (!key.role.isEmpty() && !roleFromName(key.role))
        reader.addError(reader.path("role"_L1),
                        u"%1 must be client, support, operator or admin (got \"%2\")"_s.arg(
                            reader.path("role"_L1), key.role));
    key.createdAt = reader.integer("created_at"_L1, Need::Optional, 0, 0);
    key.revokedAt = reader.integer("revoked_at"_L1, Need::Optional, 0, 0);
    return key;
}

Error errorFromJson(const QJsonObject &object)
{
    Error error;
    error.code = object.value("error"_L1).toString();
    error.message = object.value("message"_L1).toString();
    if (error.code.isEmpty()) {
        error.code = u"INVALID_RESPONSE"_s;
        if (error.message.isEmpty())
            error.message = u"The gateway's answer is not an error body"_s;
    }
    const QJsonArray fields = object.value("fields"_L1).toArray();
    for (const QJsonValue &field : fields) {
        const QJsonObject item = field.toObject();
        error.fields.append(
            {item.value("field"_L1).toString(), item.value("message"_L1).toString()});
    }
    return error;
}

} // namespace sluice
