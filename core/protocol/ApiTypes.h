#pragma once

#include "config/ConfigDiff.h"
#include "config/EngineConfig.h"
#include "engine/EngineTypes.h"
#include "store/StoreRecords.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace sluice {

/// What a caller may do (SPEC section 4). Each role includes the ones before it.
enum class Role : quint8 { None, Client, Support, Operator, Admin };

/// State of the link to an engine; the embedded engine is always Connected.
enum class ConnectionState : quint8 { Connecting, Connected, Reconnecting, AuthFailed, Unreachable };

/// Today's usage of one tier, for the overview's bars.
struct TierUsageToday
{
    QString tier;
    qint64 requests = 0;
    qint64 costNanoUsd = 0;
    qint64 users = 0;
    qint64 dailyRequests = 0;  ///< the tier's per-user quota
    qint64 credits = 0;
};

/// Everything the dashboard shows continuously, at one moment. A value; the stream sends one
/// of these first and then deltas with increasing sequence numbers.
struct DashboardSnapshot
{
    quint64 seq = 0;
    TimeMs at = 0;
    qint32 configVersion = 0;
    /// Audit entries recorded since the gateway started: when it changes, the log grew.
    quint64 auditSeq = 0;
    QList<PoolStatus> pools;
    QList<TierUsageToday> tiers;
    QList<AlertRecord> activeAlerts;
};

/// One pool and tier's spend on one quota day, for the per-day history.
struct SpendDay
{
    qint32 day = 0;  ///< quota day number; see QuotaDay
    QString pool;
    QString tier;
    qint64 requests = 0;
    qint64 tokens = 0;
    qint64 costNanoUsd = 0;
    qint64 credits = 0;
};

/// One user, as support staff look them up.
struct UserDetails
{
    UserQuota quota;
    struct Day
    {
        qint32 day = 0;  ///< quota day number; see QuotaDay
        qint64 requests = 0;
        qint64 tokens = 0;
        qint64 costNanoUsd = 0;
        qint64 credits = 0;
    };
    QList<Day> history;  ///< recent days, oldest first
    struct Rejection
    {
        TimeMs at = 0;
        QString pool;
        QString reason;  ///< wire code, e.g. USER_LIMIT_EXCEEDED
        QString message;
    };
    QList<Rejection> recentRejections;  ///< newest first
};

/// The configuration in force and its version.
struct VersionedConfig
{
    qint32 version = 0;
    EngineConfig config;
};

/// Active alerts and history.
struct AlertLists
{
    QList<AlertRecord> active;
    QList<AlertRecord> history;
};

/// A call's answer: called exactly once, on the backend's thread.
template<typename T>
using Callback = std::function<void(const Result<T> &)>;

enum class PoolAction : quint8 { Pause, Resume, Drain, Purge };

} // namespace sluice
