#pragma once

#include "engine/EngineTypes.h"
#include "util/Error.h"

#include <QJsonObject>

namespace sluice {

/// The user list's wire forms (GET /v1/users), with the rules of WireEngine.h. Reentrant.

/// "recent" or "usage".
QString userOrderName(UserOrder order);

/// A user list query travels as URL query items: prefix (at most 256 characters), order
/// (recent or usage, default recent), offset (>= 0), limit (1-200, default 50).
QList<std::pair<QString, QString>> userListQueryToQuery(const UserListQuery &query);
UserListQuery userListQueryFromQuery(const QList<std::pair<QString, QString>> &items,
                                     QList<FieldError> *errors);

/// {total, offset, limit, order, users: [{user, tier, tier_pinned, requests_today,
/// request_limit, tokens_today, cost_nano_usd_today, last_seen (ms, null if not since the
/// start), lastSeen (ISO 8601 UTC, or null)}]}.
QJsonObject userListToJson(const UserList &list, const UserListQuery &query);
UserList userListFromJson(const QJsonObject &object, QList<FieldError> *errors);

} // namespace sluice
