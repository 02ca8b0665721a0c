#pragma once

#include "util/Clock.h"
#include "util/Error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sluice {

/// One replica of a shared deployment, as the replicas' set in Redis holds it.
struct ReplicaInfo
{
    QString name;
    TimeMs lastHeartbeat = 0; ///< Redis's time, ms since the epoch
    qint64 ageMs = 0;         ///< how long ago, by Redis's time at the answering replica's last tick
};

/// GET /v1/replicas: whether the gateway shares its limits (sluiced --redis), and if so its
/// link to Redis and every replica's last heartbeat.
struct ReplicaStatus
{
    bool shared = false;
    QString deployment;
    QString replica; ///< the gateway that answered
    QString redis;
    bool ready = false;
    QString problem; ///< why not ready
    qint64 requests = 0;
    qint64 unsentEnds = 0;
    qint64 held = 0; ///< requests waiting on this replica for Redis to answer again
    qint64 reassertedTotal = 0;     ///< leases registered again after Redis lost them
    qint64 usageReplayedTotal = 0;  ///< users whose usage was counted again after a loss
    qint64 unavailableTotal = 0;
    double roundTripMs = -1; ///< -1: not measured yet
    /// Pools with redis_down = local_share are decided by this replica alone (Redis out).
    bool alone = false;
    QString aloneReason;
    qint64 aloneForMs = 0;
    qint64 aloneAdmissionsTotal = 0;
    qint64 liveReplicas = 0; ///< local_share's divisor; 0: not read yet
    /// The deployment's configuration version in force here (SharedConfig); 0: none yet.
    qint64 configVersion = 0;
    bool configPending = false; ///< a change made here is not published yet
    QString configProblem;      ///< why the deployment's configuration is not in force here
    QList<ReplicaInfo> replicas;
};

/// Decodes GET /v1/replicas's answer (SharedAdmission::replicas writes it): {"mode": "local"}
/// or {"mode": "shared", "deployment", "replica", "redis", "ready", "problem", "requests",
/// "unsent_ends", "held", "reasserted_total", "usage_replayed_total", "unavailable_total", "round_trip_ms", "alone", "alone_reason",
/// "alone_for_ms", "alone_admissions_total", "live_replicas", "config_version",
/// "config_pending", "config_problem", "replicas": [{"name",
/// "last_heartbeat", "age_ms"}]}. Reentrant.
ReplicaStatus replicaStatusFromJson(const QJsonObject &object, QList<FieldError> *errors);

} // namespace sluice
