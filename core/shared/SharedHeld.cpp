// SharedAdmission: tickets held here while Redis cannot be reached (SCALEOUT.md, fail_closed:
// "new admissions wait in a local queue, or get 503 REDIS_UNAVAILABLE when wait=false").
// A request that may wait is recorded as a waiting ticket of this replica's engine, so that
// its client has an id, a status, its WebSocket and its timeout as for any ticket. Once Redis
// answers again, the next upkeep admits each there (sl_admit, with the same request id, so a
// call sent twice counts once) as if it had come when it came here: it queues ahead of those
// that came later. Nothing is admitted meanwhile, so no limit can be exceeded.

#include "engine/Engine.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

namespace sluice {

using namespace Qt::StringLiterals;

bool SharedAdmission::holdWhileUnavailable(const AcquireRequest &request,
                                           const QByteArray &requestId, const Decided &decided)
{
    const PoolConfig *config = m_engine.config().pool(request.pool);
    // Redis answers but the deployment's configuration is not in force here (it may have
    // been refused, and wait for an operator): that is no outage to wait through.
    if (!request.wait || !config || m_link.awaitingConfig() || m_held.size() >= kMaxUnsent)
        return false;
    if (m_heldPerPool.value(request.pool) >= config->maxQueueLength)
        return false;
    Decision decision = m_engine.withSecret(m_engine.record(request, Outcome::Queued));
    if (!decision.rejected()) {
        decision.reason = Reason::RedisUnavailable; // why it waits
        decision.estimatedWaitMs.reset();           // no promise until Redis answers
        m_held.insert(decision.id, Held{request, requestId, m_engine.now()});
        ++m_heldPerPool[request.pool];
    }
    decided(decision);
    return true;
}

QString SharedAdmission::heldWaitsFor() const
{
    if (!m_link.isReady())
        return u"redis"_s;
    if (!m_usageConfirmed || m_replay)
        return u"usage"_s; // Redis may have lost it: replayed first
    if (m_heartbeatRounds == 0)
        return u"leases"_s; // this replica's running leases, registered again if lost
    if (m_lossSeenAt >= 0 && m_engine.now() - m_lossSeenAt < kHeldLossGraceMs)
        return u"grace"_s; // the other replicas' leases
    return {};
}

void SharedAdmission::sendHeld()
{
    if (m_held.isEmpty() || !heldWaitsFor().isEmpty())
        return;
    // In the order they came: the first may take a free slot the next would have taken.
    QList<RequestId> order = m_held.keys();
    std::sort(order.begin(), order.end(), [this](RequestId a, RequestId b) {
        const TimeMs since = m_held.value(a).since, otherSince = m_held.value(b).since;
        return since != otherSince ? since < otherSince : a < b;
    });
    for (const RequestId local : std::as_const(order)) {
        const auto found = m_held.find(local); // an answer given at once may have dropped it
        if (found == m_held.end())
            continue;
        Held &held = *found;
        RedisPool *pool = m_link.pool(held.request.pool);
        if (held.sending || !pool)
            continue; // answered later; or its pool went, and the engine ends it
        held.sending = true;
        RedisAdmitRequest admit =
            shared::admitRequest(m_engine, held.request, held.requestId, m_link.options().replica);
        admit.waitedMs = m_engine.now() - held.since;
        pool->admit(admit, [this, self = QPointer<SharedAdmission>(this),
                            local](const RedisAnswer &answer) {
            if (self)
                heldAdmitted(local, answer);
        });
    }
}

bool SharedAdmission::noteHeldEnd(RequestId id)
{
    const auto found = m_held.find(id);
    if (found == m_held.end())
        return false;
    if (found->sending) {
        found->ended = true; // what Redis makes of it is given back when it answers
        return true;
    }
    forgetHeld(found, found->uncertain);
    return true;
}

void SharedAdmission::forgetHeld(QHash<RequestId, Held>::iterator held, bool giveBack)
{
    // An attempt that failed may have committed: upkeep asks Redis again, with the same
    // request id, and gives back what it holds (giveBackAbandoned()).
    if (giveBack && qsizetype(m_abandoned.size()) < kMaxUnsent)
        m_abandoned.push_back({held->request, held->requestId});
    if (--m_heldPerPool[held->request.pool] <= 0)
        m_heldPerPool.remove(held->request.pool);
    m_held.erase(held);
}

void SharedAdmission::heldAdmitted(RequestId local, const RedisAnswer &answer)
{
    noteCall(answer);
    const auto found = m_held.find(local);
    if (found == m_held.end())
        return;
    found->sending = false;
    found->uncertain = found->uncertain || !answer.ok();
    const AcquireRequest request = found->request;
    const QString status = answer.status();
    const bool admitted = answer.ok() && (status == u"granted"_s || status == u"queued"_s);
    if (found->ended) { // it timed out or was cancelled here meanwhile
        forgetHeld(found, !admitted && found->uncertain);
        if (admitted)
            sendEnd({request.pool, answer.id(), status == u"granted"_s, -1, true, std::nullopt});
        return;
    }
    if (!answer.ok())
        return; // upkeep sends it again, with the same request id
    if (status == u"error"_s) {
        const QString reason = answer.json.value("reason"_L1).toString();
        RedisPool *pool = m_link.pool(request.pool);
        if (reason == u"STALE_CONFIG"_s && pool)
            pool->setConfigVersion(answer.json.value("cfgver"_L1).toInteger());
        else if (reason == u"NO_CONFIG"_s)
            m_link.reconfigure(request.pool);
        return; // upkeep sends it again
    }
    forgetHeld(found, false);
    if (status == u"rejected"_s) { // e.g. the user's daily quota, a full queue, a drain
        m_ending = true;
        m_engine.endShared(local, shared::rejection(answer).reason);
        m_ending = false;
        return;
    }
    const QString sharedId = answer.id();
    track(local, request, sharedId, false);
    const bool granted =
        status == u"granted"_s || m_requests.takeEarlyGrant(request.pool, sharedId);
    if (granted && m_engine.grantHeld(local))
        m_requests.markLease(local);
}

} // namespace sluice
