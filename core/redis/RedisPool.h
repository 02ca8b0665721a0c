#pragma once

#include "redis/RedisFunctions.h"
#include "redis/RedisKeys.h"

#include <QJsonObject>

namespace sluice {

/// A pool's limits as the shared functions keep them (SCALEOUT.md `st` hash). `version`
/// is the config version every call carries; the functions answer STALE_CONFIG when the
/// stored version differs. Times in ms.
struct RedisPoolLimits
{
    qint64 version = 1;
    qint64 maxConcurrent = 1;
    qint64 requestsPerMinute = 1;
    qint64 tokensPerMinute = 1;
    qint64 maxQueueLength = 0;
    qint64 queueTimeoutMs = 60'000;
    qint64 leaseIdleMs = 300'000;

    /// The same limits (and version).
    bool operator==(const RedisPoolLimits &) const = default;
};

/// One admission as sl_admit takes it: the user's tier is flattened into its numbers
/// (-1: unlimited). `requestId` makes it idempotent: the same id gets the same lease or
/// ticket back, never a second one.
struct RedisAdmitRequest
{
    QByteArray requestId;
    QString user;
    qint64 priorityBoostMs = 0; ///< the tier's head start in the queue
    qint64 userMaxConcurrent = -1;
    qint64 dailyRequests = -1;
    qint64 dailyTokens = -1;
    QString contextId;
    qint64 tokens = 0;
    bool wait = true;
    qint64 timeoutMs = 0;   ///< 0: the pool's queue timeout
    QString owner;          ///< the replica that hears this request's events
    qint64 dayOffsetMs = 0; ///< quota day starts this long after UTC midnight
    qint64 dailyCostNanoUsd = -1; ///< the tier's daily spending limit
    /// How long it waited on its replica while Redis was out: it queues as if it had come then.
    qint64 waitedMs = 0;
};

/// A lease a replica holds, as sl_reassert registers it again.
struct RedisLease
{
    QString id;
    QString user;
    QString context; ///< the user-qualified context key; empty: none
    qint64 tokens = 0;
};

/// A user's finished usage of a day on one replica, as sl_replay counts it again.
struct RedisUsage
{
    QString user;
    qint64 requests = 0;
    qint64 tokens = 0;
    qint64 costNanoUsd = 0;
};

/// A function's answer: `json` (e.g. {"status":"granted","id":...}) or, when the call
/// failed (timeout, no connection, a server error), `failure` and a sentence in `error`.
struct RedisAnswer
{
    RedisReply::Failure failure = RedisReply::Failure::None;
    QString error;
    QJsonObject json;

    /// A function's reply read as its answer (a reply that is no JSON object is a failure).
    static RedisAnswer of(const RedisReply &reply);

    bool ok() const { return failure == RedisReply::Failure::None; }
    QString status() const { return json.value(QLatin1String("status")).toString(); }
    QString id() const { return json.value(QLatin1String("id")).toString(); }
    /// A list field such as "granted"; Lua's empty table comes as {} and reads as empty.
    QStringList list(QLatin1StringView key) const;
};

/// One pool's shared admission state through the function library: typed calls for
/// sl_config, sl_admit, sl_release, sl_heartbeat, sl_cancel, sl_tick, sl_status, sl_op,
/// sl_pause_until, sl_claim, sl_reassert and sl_replay.
/// Threading: the connection's thread.
class RedisPool
{
public:
    using Answered = std::function<void(const RedisAnswer &answer)>;

    /// `replica`: the replica making the calls (sl_release tells a lease's owner when another
    /// replica released it); empty in tests of the functions alone.
    RedisPool(RedisFunctions &functions, const RedisKeys &keys, const QString &pool,
              const QString &replica = {});

    void configure(const RedisPoolLimits &limits, Answered answered);
    void admit(const RedisAdmitRequest &request, Answered answered, int timeoutMs = -1);
    /// `costNanoUsd`: what the usage cost, counted against the user's daily spending limit.
    void release(const QString &id, qint64 actualTokens, bool refund, qint64 costNanoUsd,
                 Answered answered);
    void heartbeat(const QString &replica, const QStringList &ids, Answered answered);
    void cancel(const QString &id, Answered answered);
    void tick(Answered answered);
    /// "pause", "resume", "drain" or "purge" (bounded: call again while `remaining` > 0).
    void operate(const QString &op, const QString &actor, Answered answered);
    /// An upstream 429: the pool waits `ms` on every replica (never shortening a pause).
    void pauseFor(qint64 ms, Answered answered);
    /// Moves a ticket's or lease's events to replica `owner` (a client resumed there); with
    /// `onlyFrom`, only when that replica holds it now (answer: claimed false, `owner`).
    void claim(const QString &id, const QString &owner, Answered answered,
               const QString &onlyFrom = {});
    void status(const QString &id, Answered answered);
    /// Registers again `leases` Redis lost (sl_reassert), as replica `replica`'s.
    void reassert(const QString &replica, const QList<RedisLease> &leases, qint64 dayOffsetMs,
                  Answered answered);

    /// Counts `usage` of quota day `day` again after Redis lost it (sl_replay): once per
    /// replica and `part` in usage id `usageId`, the one Redis holds as the replica read it.
    void replay(const QString &usageId, const QString &replica, int part, qint32 day,
                qint64 dayOffsetMs, const QList<RedisUsage> &usage, Answered answered);

    qint64 configVersion() const { return m_version; }
    /// Takes the version Redis holds (a STALE_CONFIG answer's `cfgver`: another replica
    /// configured the pool since).
    void setConfigVersion(qint64 version) { m_version = version; }

private:
    void call(const QByteArray &function, const QList<QByteArray> &args, Answered answered,
              int timeoutMs = -1);

    RedisFunctions &m_functions;
    QString m_pool;
    QByteArray m_replica;
    QList<QByteArray> m_keys;
    qint64 m_version = 0;
};

} // namespace sluice
