#include "protocol/WireReplicas.h"

#include "protocol/WireReader.h"

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

ReplicaStatus replicaStatusFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    ReplicaStatus status;
    status.shared = reader.text("mode"_L1, Need::Required) == u"shared"_s;
    if (!status.shared)
        return status;
    status.deployment = reader.text("deployment"_L1);
    status.replica = reader.text("replica"_L1);
    status.redis = reader.text("redis"_L1);
    status.ready = reader.boolean("ready"_L1);
    status.problem = reader.text("problem"_L1);
    status.requests = reader.integer("requests"_L1);
    status.unsentEnds = reader.integer("unsent_ends"_L1);
    status.held = reader.integer("held"_L1);
    status.reassertedTotal = reader.integer("reasserted_total"_L1);
    status.usageReplayedTotal = reader.integer("usage_replayed_total"_L1);
    status.unavailableTotal = reader.integer("unavailable_total"_L1);
    status.roundTripMs = reader.number("round_trip_ms"_L1, Need::Optional, -1);
    status.alone = reader.boolean("alone"_L1);
    status.aloneReason = reader.text("alone_reason"_L1);
    status.aloneForMs = reader.integer("alone_for_ms"_L1);
    status.aloneAdmissionsTotal = reader.integer("alone_admissions_total"_L1);
    status.liveReplicas = reader.integer("live_replicas"_L1);
    status.configVersion = reader.integer("config_version"_L1);
    status.configPending = reader.boolean("config_pending"_L1);
    status.configProblem = reader.text("config_problem"_L1);
    status.replicas = reader.list("replicas"_L1, [](const QJsonObject &item, const QString &path,
                                                    QList<FieldError> *itemErrors) {
        WireReader row(item, path, itemErrors);
        ReplicaInfo replica;
        replica.name = row.text("name"_L1, Need::Required);
        replica.lastHeartbeat = row.integer("last_heartbeat"_L1);
        replica.ageMs = row.integer("age_ms"_L1, Need::Optional, 0, 0);
        return replica;
    });
    return status;
}

} // namespace sluice
