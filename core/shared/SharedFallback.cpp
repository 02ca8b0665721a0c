// SharedAdmission: local_share (SCALEOUT.md, "Redis-down modes"). While Redis cannot be
// reached, a pool whose `redis_down` is local_share is decided by each replica alone, within
// ceil(limit / live replicas) of each limit; fail_closed pools go on refusing. When Redis is
// back, the leases granted alone are registered there (sl_reassert), those that ended
// meanwhile are released there (their usage then counts in the windows and the daily quota),
// and only then, after FallbackMode's hysteresis, does the replica decide in Redis again.

#include "engine/Engine.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

namespace sluice {

using namespace Qt::StringLiterals;

bool SharedAdmission::decidesAlone(const QString &pool) const
{
    // Recovered: new requests go to Redis, so that what is left to register only shrinks.
    if (!m_fallback.active() || m_fallback.recovered(m_engine.now()))
        return false;
    // Redis answers, but the deployment's configuration is not applied here yet (or was
    // refused): fail closed rather than decide alone under limits it may have replaced.
    if (m_link.awaitingConfig())
        return false;
    const PoolConfig *config = m_engine.config().pool(pool);
    return config && config->sharesLocallyWhenRedisIsDown();
}

void SharedAdmission::decideAlone(const AcquireRequest &request, const Decided &decided)
{
    if (m_liveReplicas <= 0)
        return refuseUnavailable(request,
                                 u"local_share needs the number of live replicas, which this "
                                 "replica has not read from Redis yet"_s,
                                 decided);
    const Decision decision = m_engine.withSecret(m_engine.acquireAlone(request, m_liveReplicas));
    if (decision.granted()) {
        ++m_aloneAdmissions;
        // An id Redis never hands out (its own are "<sequence>-<epoch>"), unique to this
        // replica, so that registering it later collides with nobody's.
        const QString id = u"alone-%1-%2"_s.arg(m_link.options().replica, formatRequestId(decision.id));
        m_requests.add(decision.id, SharedRequest::of(request, id, true, true));
    }
    decided(decision);
}

void SharedAdmission::onReadyChanged(bool ready)
{
    if (!ready) { // held tickets wait until Redis holds what it held before (SharedHeld.cpp)
        m_usageConfirmed = false;
        m_heartbeatRounds = 0;
        ++m_linkEpoch;
    }
    // Redis answers while the replica waits for (or refused) the deployment's configuration:
    // that is no outage, and deciding alone would use limits the deployment replaced.
    if (!ready && m_link.awaitingConfig())
        return;
    if (ready)
        reattachRestored();
    const bool wasAlone = m_fallback.active();
    m_fallback.linkChanged(ready, m_engine.now());
    const QList<PoolConfig> &pools = m_engine.config().pools;
    const bool anyShares = std::any_of(pools.cbegin(), pools.cend(), [](const PoolConfig &pool) {
        return pool.sharesLocallyWhenRedisIsDown();
    });
    if (m_fallback.active() && !wasAlone && anyShares) // else every pool fails closed: no news
        qCWarning(lcRedis).noquote()
            << "pools with redis_down = local_share now decide alone, each within"
            << m_liveReplicas << "replicas' share of its limits:" << m_fallback.reason();
}

void SharedAdmission::registerAlone()
{
    if (m_registering > 0)
        return; // the last attempt has not been answered yet
    std::map<QString, QList<RedisLease>> leases = m_requests.aloneByPool();
    for (const End &end : std::as_const(m_aloneEnds))
        leases[end.pool].append(*end.alone);
    for (const auto &entry : leases) {
        const QString name = entry.first; // a structured binding cannot be captured (clang)
        const QList<RedisLease> &list = entry.second;
        RedisPool *pool = m_link.pool(name);
        if (!pool)
            continue;
        for (qsizetype at = 0; at < list.size(); at += kHeartbeatBatch) {
            const QList<RedisLease> batch = list.mid(at, kHeartbeatBatch);
            ++m_registering;
            pool->reassert(m_link.options().replica, batch,
                           shared::quotaDayOffsetMs(m_engine.config()),
                           [this, self = QPointer<SharedAdmission>(this), name,
                            batch](const RedisAnswer &answer) {
                               if (!self)
                                   return;
                               --m_registering;
                               noteCall(answer);
                               if (!answer.ok() || answer.status() != u"ok"_s)
                                   return; // the next upkeep tries again
                               const QString usageId = answer.json.value("usage_id"_L1).toString();
                               registeredAlone(name, batch, usageId);
                           });
        }
    }
}

void SharedAdmission::registeredAlone(const QString &pool, const QList<RedisLease> &leases,
                                      const QString &usageId)
{
    for (const RedisLease &lease : leases) {
        if (const RequestId local = m_requests.localOf(pool, lease.id)) {
            m_requests.markRegistered(local); // heartbeaten with the others from now on
            continue;
        }
        const auto ended = m_aloneEnds.constFind(pool + u'\n' + lease.id);
        if (ended == m_aloneEnds.constEnd())
            continue;
        End end = *ended;
        m_aloneEnds.erase(ended);
        countedAlone(usageId, end);
        end.alone.reset();
        sendEnd(end);
    }
}

void SharedAdmission::followFallback()
{
    // The count stays as it was when Redis went away until the replica leaves the mode: a
    // Redis back without its data has no heartbeats yet, and a lower count is a larger share.
    if (m_redisNow > 0 && !m_fallback.active()) {
        const QByteArray since = QByteArray::number(m_redisNow - kLiveReplicaMs);
        m_link.connection().command(
            {"ZCOUNT", m_link.keys().prefix() + ":replicas", since, "+inf"},
            [this, self = QPointer<SharedAdmission>(this)](const RedisReply &reply) {
                if (self && !reply.failed())
                    m_liveReplicas = int(std::max<qint64>(1, reply.integer));
            });
    }
    const bool unregistered = m_requests.aloneCount() > 0 || !m_aloneEnds.empty();
    if (m_fallback.tryLeave(m_engine.now(), unregistered))
        qCInfo(lcRedis).noquote() << "Redis has answered for"
                                  << FallbackMode::kLeaveAfterMs / 1000
                                  << "s and every lease granted alone is registered: pools with "
                                     "redis_down = local_share decide in Redis again";
}

} // namespace sluice
