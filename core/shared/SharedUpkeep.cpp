// SharedAdmission: what Redis tells this replica (events, grants in answers), what the local
// engine ended by itself, and the periodic upkeep.

#include "engine/Engine.h"
#include "redis/RedisEventReader.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

#include <QElapsedTimer>

namespace sluice {

using namespace Qt::StringLiterals;

void SharedAdmission::onEvent(const RedisEvent &event)
{
    if (event.type == u"op"_s)
        return applyOperation(event);
    if (event.type == u"claim"_s) { // resumed on replica `owner`: forget it here
        if (event.reason == m_link.options().replica && event.owner != event.reason)
            endedInRedis(event.pool, event.id, Reason::Moved);
        return;
    }
    if (event.owner != m_link.options().replica)
        return;
    if (event.type == u"grant"_s)
        grantedInRedis(event.pool, {event.id}, true);
    else if (event.type == u"expire"_s)
        endedInRedis(event.pool, event.id, Reason::LeaseExpired);
    else if (event.type == u"drop"_s)
        endedInRedis(event.pool, event.id, reasonFromCode(event.reason).value_or(Reason::Cancelled));
}

void SharedAdmission::grantedInRedis(const QString &pool, const QStringList &sharedIds, bool ours)
{
    for (const QString &sharedId : sharedIds) {
        const RequestId local = m_requests.localOf(pool, sharedId);
        if (local == 0) {
            if (ours)
                m_requests.noteEarlyGrant(pool, sharedId, m_engine.now());
            continue;
        }
        if (m_engine.grantHeld(local))
            m_requests.markLease(local);
    }
}

void SharedAdmission::endedInRedis(const QString &pool, const QString &sharedId, Reason reason)
{
    const RequestId local = m_requests.localOf(pool, sharedId);
    if (local == 0 || !m_requests.take(local))
        return;
    m_ending = true;
    m_engine.endShared(local, reason);
    m_ending = false;
}

void SharedAdmission::onEnded(RequestId id, int, Reason reason)
{
    const std::optional<SharedRequest> ended = m_requests.take(id);
    if (!ended && noteHeldEnd(id))
        return; // held here, and never in Redis (or given back when its admission answers)
    if (!ended) { // restored and not attached yet: Redis hears it once it is
        noteRestoredEnd(id, -1, reason == Reason::QueuePurged || reason == Reason::Cancelled, 0,
                        false);
        return;
    }
    if (m_ending)
        return; // ended by this class on Redis's word
    // The engine ended it by itself (a client's lease went idle, a ticket timed out, an
    // operator cancelled or purged): Redis must hear it, or the slot stays taken there.
    sendEnd(endOf(*ended, -1, reason == Reason::QueuePurged));
}

SharedAdmission::End SharedAdmission::endOf(const SharedRequest &request, qint64 tokens,
                                            bool refund)
{
    End end{request.pool, request.sharedId, request.lease, tokens, refund, std::nullopt};
    if (request.alone)
        end.alone = RedisLease{request.sharedId, request.user, request.context, request.tokens};
    return end;
}

void SharedAdmission::noteCall(const RedisAnswer &answer)
{
    if (answer.ok())
        m_fallback.callSucceeded(m_engine.now());
    else
        m_fallback.callFailed(m_engine.now(), answer.error);
}

void SharedAdmission::sendEnd(const End &end)
{
    RedisPool *pool = m_link.pool(end.pool);
    if (!pool)
        return; // the pool is gone from the configuration, and from Redis's concern
    if (end.alone) { // Redis hears of it once registerAlone() has registered it
        if (m_aloneEnds.size() < kMaxUnsent)
            m_aloneEnds.insert(end.pool + u'\n' + end.sharedId, end);
        else
            qCWarning(lcRedis) << "too many leases granted alone ended before Redis came back;"
                                  " this one's usage will not count there";
        return;
    }
    if (!m_link.isReady()) {
        if (qsizetype(m_unsent.size()) >= kMaxUnsent) {
            qCWarning(lcRedis) << "too many ends Redis has not heard; the oldest is left to"
                                  " Redis's lease expiry";
            m_unsent.pop_front();
        }
        m_unsent.push_back(end);
        return;
    }
    const auto answered = [this, self = QPointer<SharedAdmission>(this), end](const RedisAnswer &answer) {
        if (!self)
            return;
        noteCall(answer);
        if (!answer.ok()) {
            m_unsent.push_back(end);
            return;
        }
        grantedInRedis(end.pool, answer.list("granted"_L1), false);
        if (!end.lease && answer.json.contains("lease"_L1)) // granted before the cancel came
            sendEnd({end.pool, end.sharedId, true, -1, true, std::nullopt});
    };
    if (end.lease)
        pool->release(end.sharedId, end.tokens, end.refund, end.costNanoUsd, answered);
    else
        pool->cancel(end.sharedId, answered);
}

void SharedAdmission::upkeep()
{
    m_requests.pruneEarlyGrants(m_engine.now());
    if (!m_link.isReady())
        return m_link.retry();
    registerAlone(); // before any end of those leases, on the same connection
    reattachRestored();
    sendHeld();
    refreshHandles();
    followFallback();
    std::deque<End> unsent;
    unsent.swap(m_unsent);
    for (const End &end : unsent)
        sendEnd(end);
    giveBackAbandoned();
    const std::map<QString, QStringList> leases = m_requests.leasesByPool();
    const int round = m_nextRound++;
    m_rounds.insert(round, HeartbeatRound{0, false, m_linkEpoch});
    for (const PoolConfig &config : m_engine.config().pools) {
        RedisPool *pool = m_link.pool(config.name);
        if (!pool)
            continue;
        const QString name = config.name;
        QElapsedTimer sent;
        sent.start();
        pool->tick([this, self = QPointer<SharedAdmission>(this), name,
                    sent](const RedisAnswer &answer) {
            if (!self)
                return;
            noteCall(answer);
            if (!answer.ok())
                return;
            m_roundTripMs = double(sent.nsecsElapsed()) / 1e6;
            m_redisNow = std::max(m_redisNow, answer.json.value("now"_L1).toInteger());
            grantedInRedis(name, answer.list("granted"_L1), false);
            SharedCounts counts;
            counts.inUse = answer.json.value("inuse"_L1).toInteger();
            counts.waiting = answer.json.value("waiting"_L1).toInteger();
            counts.windowRequests = answer.json.value("rpm_used"_L1).toInteger();
            counts.windowTokens = answer.json.value("tpm_used"_L1).toInteger();
            m_engine.setSharedCounts(name, counts);
            followUsage(name, answer.json.value("usage_id"_L1).toString());
        });
        const auto found = leases.find(name);
        const QStringList ids = found == leases.end() ? QStringList() : found->second;
        for (qsizetype at = 0; at == 0 || at < ids.size(); at += kHeartbeatBatch) {
            ++m_rounds[round].outstanding;
            pool->heartbeat(m_link.options().replica, ids.mid(at, kHeartbeatBatch),
                            [this, self = QPointer<SharedAdmission>(this), name,
                             round](const RedisAnswer &answer) {
                                if (!self)
                                    return;
                                // Not in Redis, and no `expire` event ended them here: Redis
                                // lost its data. They count again (sl_reassert).
                                if (answer.ok())
                                    reassert(name, answer.list("missing"_L1), round);
                                heartbeatAnswered(round, answer.ok());
                            });
        }
    }
}

void SharedAdmission::reassert(const QString &pool, const QStringList &missing, int round)
{
    RedisPool *shared = m_link.pool(pool);
    QList<RedisLease> leases;
    for (const QString &id : missing) {
        if (const SharedRequest *request = m_requests.findShared(pool, id))
            leases.append({id, request->user, request->context, request->tokens});
    }
    if (!shared || leases.isEmpty())
        return;
    ++m_rounds[round].outstanding;
    shared->reassert(
        m_link.options().replica, leases,
        shared::quotaDayOffsetMs(m_engine.config()),
        [this, self = QPointer<SharedAdmission>(this), pool, missing,
         round](const RedisAnswer &answer) {
            if (!self)
                return;
            heartbeatAnswered(round, answer.ok() && answer.status() == u"ok"_s);
            if (answer.ok() && answer.status() == u"ok"_s) {
                m_reasserted += answer.json.value("reasserted"_L1).toInteger();
                qCWarning(lcRedis).noquote()
                    << answer.json.value("reasserted"_L1).toInteger() << "leases of pool" << pool
                    << "were missing in Redis (its data was lost) and count again";
                return;
            }
            // Not even that: they run to their end uncounted rather than be cut off.
            for (const QString &id : missing)
                m_requests.take(m_requests.localOf(pool, id));
        });
}

void SharedAdmission::heartbeatAnswered(int round, bool ok)
{
    const auto found = m_rounds.find(round);
    if (found == m_rounds.end())
        return;
    found->failed = found->failed || !ok;
    if (--found->outstanding > 0)
        return;
    // A whole round answered on this link: every lease of this replica that Redis lost is
    // registered again.
    if (!found->failed && found->linkEpoch == m_linkEpoch)
        ++m_heartbeatRounds;
    m_rounds.erase(found);
}

void SharedAdmission::giveBackAbandoned()
{
    std::deque<Abandoned> abandoned;
    abandoned.swap(m_abandoned);
    for (const Abandoned &lost : abandoned) {
        RedisPool *pool = m_link.pool(lost.request.pool);
        if (!pool)
            continue;
        AcquireRequest again = lost.request;
        again.wait = false; // if it never committed, this takes nothing that waits
        pool->admit(shared::admitRequest(m_engine, again, lost.requestId, m_link.options().replica),
                    [this, self = QPointer<SharedAdmission>(this), lost](const RedisAnswer &answer) {
                        if (!self)
                            return;
                        if (!answer.ok()) {
                            if (qsizetype(m_abandoned.size()) < kMaxUnsent)
                                m_abandoned.push_back(lost);
                            return;
                        }
                        const QString status = answer.status();
                        if (status == u"granted"_s || status == u"queued"_s)
                            sendEnd({lost.request.pool, answer.id(), status == u"granted"_s, -1,
                                     true, std::nullopt});
                    });
    }
}

int SharedAdmission::upkeepIntervalMs() const
{
    // Leases must be heartbeaten in Redis well within the shortest idle timeout.
    qint64 shortest = kMaxUpkeepMs * 3;
    for (const PoolConfig &pool : m_engine.config().pools)
        shortest = std::min(shortest, pool.leaseIdleTimeoutMs);
    return int(std::clamp<qint64>(shortest / 3, 100, kMaxUpkeepMs));
}

} // namespace sluice
