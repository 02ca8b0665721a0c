#pragma once

#include "engine/EngineTypes.h"
#include "engine/PoolState.h"
#include "engine/RequestRow.h"
#include "util/Clock.h"

#include <QHash>
#include <QList>
#include <QString>

namespace sluice {

/// Everything an Engine needs to come back exactly as it was, as plain values named by pool,
/// tier and user (never by the engine's internal indices): what Engine::exportState() gives
/// and Engine::importState() takes. The store's restore path builds one from its rows; a
/// shared (Redis) backend can move one between replicas.
///
/// Not kept: the pools' statistics (counters since the process started) and the idle-user
/// sweep's progress. Times are on the engine clock's now() timeline, in ms; the quota day is
/// the clock's wall time (QuotaDay). A plain value: copy it freely, on any thread.
struct EngineState
{
    /// A user the engine knows, with their usage of the quota day `day`.
    struct User
    {
        QString id;
        QString tier;
        bool tierPinned = false;
        qint64 requests = 0;
        qint64 tokens = 0;
        qint64 costNanoUsd = 0;
        qint64 credits = 0;
        bool operator==(const User &) const = default;
    };

    /// The usage of one pool and tier on the quota day `day` (the users field unused).
    struct PoolTierUsage
    {
        QString pool;
        QString tier;
        UsageCounters counters;
        bool operator==(const PoolTierUsage &) const = default;
    };

    qint32 day = 0;             ///< the quota day the usage belongs to
    quint32 nextGeneration = 1; ///< keeps request ids unique (see RequestTable)
    QList<PoolState> pools;     ///< a configured pool missing here starts afresh
    QList<User> users;
    QList<PoolTierUsage> usage;
    QHash<QString, qint64> tierUsers; ///< tier: distinct users who made requests on `day`
    /// Waiting tickets in queue order per pool, then active leases oldest heartbeat first.
    /// A lease's seq is unused (0); `transient` ones are not written to the store.
    QList<RequestRow> requests;

    bool operator==(const EngineState &) const = default;
};

} // namespace sluice
