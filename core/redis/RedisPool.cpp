#include "redis/RedisPool.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sluice {

namespace {

QByteArray n(qint64 value)
{
    return QByteArray::number(value);
}

} // namespace

RedisAnswer RedisAnswer::of(const RedisReply &reply)
{
    RedisAnswer answer;
    if (reply.failed()) {
        answer.failure = reply.failure;
        answer.error = QString::fromUtf8(reply.text);
        return answer;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply.text, &error);
    if (!document.isObject()) {
        answer.failure = RedisReply::Failure::ServerError;
        answer.error = QStringLiteral("the Redis function answered no JSON object (%1): %2")
                           .arg(error.errorString(), QString::fromUtf8(reply.text.left(200)));
        return answer;
    }
    answer.json = document.object();
    return answer;
}

QStringList RedisAnswer::list(QLatin1StringView key) const
{
    QStringList out;
    for (const QJsonValue &value : json.value(key).toArray())
        out.append(value.toString());
    return out;
}

RedisPool::RedisPool(RedisFunctions &functions, const RedisKeys &keys, const QString &pool,
                     const QString &replica)
    : m_functions(functions)
    , m_pool(pool)
    , m_replica(replica.toUtf8())
    , m_keys(keys.poolKeys(pool))
{}

void RedisPool::call(const QByteArray &function, const QList<QByteArray> &args, Answered answered,
                     int timeoutMs)
{
    m_functions.call(
        function, m_keys, args, [answered](const RedisReply &reply) { answered(RedisAnswer::of(reply)); },
        timeoutMs);
}

void RedisPool::configure(const RedisPoolLimits &limits, Answered answered)
{
    m_version = limits.version;
    call("sl_config",
         {n(limits.version), m_pool.toUtf8(), n(limits.maxConcurrent), n(limits.requestsPerMinute),
          n(limits.tokensPerMinute), n(limits.maxQueueLength), n(limits.queueTimeoutMs),
          n(limits.leaseIdleMs)},
         std::move(answered));
}

void RedisPool::admit(const RedisAdmitRequest &r, Answered answered, int timeoutMs)
{
    call("sl_admit",
         {n(m_version), r.requestId, r.user.toUtf8(), n(r.priorityBoostMs), n(r.userMaxConcurrent),
          n(r.dailyRequests), n(r.dailyTokens), r.contextId.toUtf8(), n(r.tokens),
          r.wait ? "1" : "0", n(r.timeoutMs), r.owner.toUtf8(), n(r.dayOffsetMs),
          n(r.dailyCostNanoUsd), n(r.waitedMs)},
         std::move(answered), timeoutMs);
}

void RedisPool::release(const QString &id, qint64 actualTokens, bool refund, qint64 costNanoUsd,
                        Answered answered)
{
    call("sl_release",
         {id.toUtf8(), n(actualTokens), refund ? "1" : "0", n(costNanoUsd), m_replica},
         std::move(answered));
}

void RedisPool::heartbeat(const QString &replica, const QStringList &ids, Answered answered)
{
    QList<QByteArray> args{replica.toUtf8()};
    for (const QString &id : ids)
        args.append(id.toUtf8());
    call("sl_heartbeat", args, std::move(answered));
}

void RedisPool::cancel(const QString &id, Answered answered)
{
    call("sl_cancel", {id.toUtf8()}, std::move(answered));
}

void RedisPool::tick(Answered answered)
{
    call("sl_tick", {}, std::move(answered));
}

void RedisPool::operate(const QString &op, const QString &actor, Answered answered)
{
    call("sl_op", {op.toUtf8(), actor.toUtf8()}, std::move(answered));
}

void RedisPool::pauseFor(qint64 ms, Answered answered)
{
    call("sl_pause_until", {n(ms)}, std::move(answered));
}

void RedisPool::claim(const QString &id, const QString &owner, Answered answered,
                      const QString &onlyFrom)
{
    call("sl_claim", {id.toUtf8(), owner.toUtf8(), onlyFrom.toUtf8()}, std::move(answered));
}

void RedisPool::status(const QString &id, Answered answered)
{
    call("sl_status", {id.toUtf8()}, std::move(answered));
}

void RedisPool::reassert(const QString &replica, const QList<RedisLease> &leases,
                         qint64 dayOffsetMs, Answered answered)
{
    QList<QByteArray> args{replica.toUtf8(), n(dayOffsetMs)};
    for (const RedisLease &lease : leases)
        args << lease.id.toUtf8() << lease.user.toUtf8() << lease.context.toUtf8()
             << n(lease.tokens);
    call("sl_reassert", args, std::move(answered));
}

void RedisPool::replay(const QString &usageId, const QString &replica, int part, qint32 day,
                       qint64 dayOffsetMs, const QList<RedisUsage> &usage, Answered answered)
{
    QList<QByteArray> args{usageId.toUtf8(), replica.toUtf8(), n(part), n(day), n(dayOffsetMs)};
    for (const RedisUsage &user : usage)
        args << user.user.toUtf8() << n(user.requests) << n(user.tokens) << n(user.costNanoUsd);
    call("sl_replay", args, std::move(answered));
}

} // namespace sluice
