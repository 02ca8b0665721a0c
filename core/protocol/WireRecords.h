#pragma once

#include "config/ConfigDiff.h"
#include "protocol/ApiTypes.h"
#include "store/StoreRecords.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sluice {

/// JSON codecs of the stored records and configuration results that cross the wire, with
/// the same rules as WireEngine.h. Reentrant.

QJsonObject alertRecordToJson(const AlertRecord &alert);
AlertRecord alertRecordFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                const QString &path = {});

QJsonObject auditEntryToJson(const AuditEntry &entry);
AuditEntry auditEntryFromJson(const QJsonObject &object, QList<FieldError> *errors,
                              const QString &path = {});

/// An audit query travels as URL query items: actor, action, target, from, to (ms), limit
/// (1-1000, default 100), offset (>= 0).
QList<std::pair<QString, QString>> auditQueryToQuery(const AuditQuery &query);
AuditQuery auditQueryFromQuery(const QList<std::pair<QString, QString>> &items,
                               QList<FieldError> *errors);

/// {version, at, actor, note, config?}: the configuration's JSON object when the row has it.
QJsonObject configVersionToJson(const ConfigVersionRow &row);
ConfigVersionRow configVersionFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                       const QString &path = {});

QJsonObject configChangeToJson(const ConfigChange &change);
ConfigChange configChangeFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                  const QString &path = {});
QJsonArray configChangesToJson(const QList<ConfigChange> &changes);

/// [{"field", "message"}], the "fields" member of error bodies.
QJsonArray configErrorsToJson(const QList<FieldError> &errors);
FieldError configErrorFromJson(const QJsonObject &object, QList<FieldError> *errors,
                               const QString &path = {});

/// {version, config}.
QJsonObject versionedConfigToJson(const VersionedConfig &config);
VersionedConfig versionedConfigFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// {version, changes}.
QJsonObject configAppliedToJson(const ConfigApplied &applied);
ConfigApplied configAppliedFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// {id, name, role, created_at, revoked_at}; never the hash.
QJsonObject apiKeyToJson(const ApiKeyRow &key);
ApiKeyRow apiKeyFromJson(const QJsonObject &object, QList<FieldError> *errors,
                         const QString &path = {});

/// An error body ({"error", "message", "fields"}) as the dashboard's backend reports it.
/// Lenient: a body that is not an error body gives code "INVALID_RESPONSE".
Error errorFromJson(const QJsonObject &object);

/// "client", "support", "operator", "admin"; "none" for Role::None.
QString roleName(Role role);
std::optional<Role> roleFromName(QStringView name);

} // namespace sluice
