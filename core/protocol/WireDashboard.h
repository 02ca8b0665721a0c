#pragma once

#include "protocol/ApiTypes.h"
#include "util/Error.h"

#include <QJsonObject>

#include <optional>

namespace sluice {

/// JSON codecs of what the dashboard shows, with the same rules as WireEngine.h, and the
/// dashboard stream's messages:
///  - {"type": "snapshot", "protocol", "seq", "at", "config_version", "pools", "tiers",
///    "active_alerts"}: the whole state;
///  - {"type": "delta", "protocol", "seq", "at", "config_version", "pools"?, "pools_removed"?,
///    "tiers"?, "tiers_removed"?, "active_alerts"?}: what changed since the message with
///    seq - 1 (changed or added pools and tiers by name, names of removed ones, the whole
///    list of active alerts when it changed).
/// A reader that holds the state at seq S applies a delta only when its seq is S + 1; on a
/// gap it asks for a snapshot ({"type": "snapshot"}). Reentrant.

QJsonObject tierUsageToJson(const TierUsageToday &usage);
TierUsageToday tierUsageFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                 const QString &path = {});

QJsonObject dashboardSnapshotToJson(const DashboardSnapshot &snapshot);
DashboardSnapshot dashboardSnapshotFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// The delta message from `before` to `after` (carrying after.seq and after.at); nullopt when
/// nothing but seq and time differ.
std::optional<QJsonObject> dashboardDelta(const DashboardSnapshot &before,
                                          const DashboardSnapshot &after);

enum class DeltaResult : quint8
{
    Applied,
    Gap,     ///< the delta does not follow the snapshot's seq: ask for a snapshot
    Invalid, ///< malformed; `errors` says why; the snapshot is unchanged
};
DeltaResult applyDashboardDelta(DashboardSnapshot &snapshot, const QJsonObject &delta,
                                QList<FieldError> *errors);

/// {quota, history: [{day, date, requests, tokens, cost_nano_usd}],
///  recent_rejections: [{at, pool, reason, message}]}.
QJsonObject userDetailsToJson(const UserDetails &details);
UserDetails userDetailsFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// {active: [...], history: [...]}.
QJsonObject alertListsToJson(const AlertLists &lists);
AlertLists alertListsFromJson(const QJsonObject &object, QList<FieldError> *errors);

} // namespace sluice
