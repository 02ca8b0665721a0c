#include "shared/SharedAdmission.h"

#include "cost/PriceTable.h"
#include "engine/Engine.h"
#include "redis/RedisLogging.h"
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr int kAdmitAttempts = 2; // a STALE_CONFIG answer is retried once

Result<Done> unknownRequest()
{
    return reasonError(Reason::UnknownRequest, u"no such request (it may have ended)"_s);
}

/// The usage's actual tokens; -1: none reported (the estimate stands).
qint64 tokensOf(const Usage &usage)
{
    if (usage.inputTokens < 0 && usage.outputTokens < 0)
        return -1;
    return std::max<qint64>(0, usage.inputTokens) + std::max<qint64>(0, usage.outputTokens);
}
} // namespace

SharedAdmission::SharedAdmission(Engine &engine, SharedLink &link, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_link(link)
{
    m_engine.setShared(true);
    connect(&m_link, &SharedLink::received, this, &SharedAdmission::onEvent);
    connect(&m_engine, &Engine::requestEnded, this, &SharedAdmission::onEnded);
    connect(&m_engine, &Engine::poolActed, this, &SharedAdmission::onPoolActed);
    connect(&m_link, &SharedLink::readyChanged, this, &SharedAdmission::onReadyChanged);
    takeRestored();
}

void SharedAdmission::acquire(const AcquireRequest &request, Decided decided)
{
    std::optional<Decision> refused = m_engine.invalidRequest(request);
    if (!refused)
        refused = shared::tooLarge(m_engine.config(), request);
    if (refused) {
        m_engine.noteRejected(request, *refused);
        return decided(*refused);
    }
    admit(request, shared::newRequestId(), std::move(decided), 0);
}

void SharedAdmission::admit(const AcquireRequest &request, const QByteArray &requestId,
                            Decided decided, int attempt)
{
    if (decidesAlone(request.pool))
        return decideAlone(request, decided);
    RedisPool *pool = m_link.pool(request.pool);
    if (!pool)
        return refuseUnavailable(request, m_link.problem(), decided);
    if (!m_link.isReady()) {
        if (!holdWhileUnavailable(request, requestId, decided))
            refuseUnavailable(request, m_link.problem(), decided);
        return;
    }
    const RedisAdmitRequest admit =
        shared::admitRequest(m_engine, request, requestId, m_link.options().replica);
    pool->admit(admit, [this, self = QPointer<SharedAdmission>(this), request, requestId,
                        decided = std::move(decided), attempt](const RedisAnswer &answer) {
        if (self)
            admitted(request, requestId, answer, decided, attempt);
    });
}

void SharedAdmission::admitted(const AcquireRequest &request, const QByteArray &requestId,
                               const RedisAnswer &answer, Decided decided, int attempt)
{
    noteCall(answer);
    if (!answer.ok()) {
        // A timeout may have committed: upkeep asks again and gives back what it holds.
        if (answer.failure == RedisReply::Failure::Timeout) {
            if (qsizetype(m_abandoned.size()) >= kMaxUnsent)
                m_abandoned.pop_front();
            m_abandoned.push_back({request, requestId});
        }
        if (decidesAlone(request.pool)) // this failure made the replica decide alone
            return decideAlone(request, decided);
        return refuseUnavailable(request, answer.error, decided);
    }
    const QString status = answer.status();
    if (status == u"error"_s) {
        const QString reason = answer.json.value("reason"_L1).toString();
        if (reason == u"STALE_CONFIG"_s && attempt + 1 < kAdmitAttempts) {
            qCInfo(lcRedis).noquote() << "pool" << request.pool
                                      << "was configured by another replica; version"
                                      << answer.json.value("cfgver"_L1).toInteger();
            m_link.pool(request.pool)->setConfigVersion(answer.json.value("cfgver"_L1).toInteger());
            return admit(request, requestId, std::move(decided), attempt + 1);
        }
        if (reason == u"NO_CONFIG"_s) // Redis lost its data: the limits go back first
            m_link.reconfigure(request.pool);
        return refuseUnavailable(request, u"Redis answered %1"_s.arg(reason), decided);
    }
    if (status == u"rejected"_s) {
        const Decision refused = shared::rejection(answer);
        m_engine.noteRejected(request, refused);
        return decided(refused);
    }
    decided(record(request, answer));
}

void SharedAdmission::refuseUnavailable(const AcquireRequest &request, const QString &why,
                                        const Decided &decided)
{
    ++m_unavailable;
    const Decision refused = shared::unavailable(why);
    m_engine.noteRejected(request, refused);
    decided(refused);
}

Decision SharedAdmission::record(const AcquireRequest &request, const RedisAnswer &answer)
{
    const QString sharedId = answer.id();
    // A grant that overtook this answer (the event stream is another connection): record a
    // lease at once, so that the caller hears "granted" and nothing waits for a grant event.
    const bool granted = answer.status() == u"granted"_s ||
                         m_requests.takeEarlyGrant(request.pool, sharedId);
    Decision decision =
        m_engine.withSecret(m_engine.record(request, granted ? Outcome::Granted : Outcome::Queued));
    if (decision.rejected()) { // the configuration changed meanwhile: give it back
        sendEnd({request.pool, sharedId, granted, -1, true, std::nullopt});
        return decision;
    }
    track(decision.id, request, sharedId, granted);
    if (granted) {
        decision.remaining = answer.json.value("remaining"_L1).toInteger(decision.remaining);
        return decision;
    }
    decision.position = answer.json.value("position"_L1).toInteger(decision.position);
    if (answer.json.contains("eta_ms"_L1))
        decision.estimatedWaitMs = answer.json.value("eta_ms"_L1).toInteger();
    if (const std::optional<Reason> reason =
            reasonFromCode(answer.json.value("reason"_L1).toString()))
        decision.reason = *reason;
    return decision;
}

void SharedAdmission::track(RequestId local, const AcquireRequest &request,
                            const QString &sharedId, bool lease)
{
    SharedRequest tracked = SharedRequest::of(request, sharedId, lease);
    if (!request.transient) // its client may come back on any replica (a proxied call cannot)
        tracked.handleRenewAt = writeHandle(local, request, sharedId);
    m_requests.add(local, tracked);
}

void SharedAdmission::release(RequestId id, const Usage &usage, Ended done)
{
    const SharedRequest *shared = m_requests.find(id);
    if (!shared || !shared->lease) {
        if (!shared && m_engine.request(id)) { // restored, and not attached to Redis yet
            Charge charge;
            const Result<Done> result = m_engine.release(id, usage, &charge);
            if (result)
                noteRestoredEnd(id, tokensOf(usage), usage.refund, charge.costNanoUsd, true);
            return done(result);
        }
        return done(shared ? reasonError(Reason::InvalidRequest,
                                         u"the request is still waiting; cancel it instead"_s)
                           : unknownRequest());
    }
    const SharedRequest ended = *m_requests.take(id);
    m_ending = true;
    Charge charge;
    const Result<Done> result = m_engine.release(id, usage, &charge);
    m_ending = false;
    End end = endOf(ended, tokensOf(usage), usage.refund);
    end.costNanoUsd = result ? charge.costNanoUsd : 0;
    sendEnd(end);
    done(result);
}

void SharedAdmission::cancel(RequestId id, Ended done)
{
    const SharedRequest *shared = m_requests.find(id);
    if (!shared)
        return done(m_engine.cancel(id));
    if (shared->lease)
        return done(reasonError(Reason::InvalidRequest,
                                u"the request holds a lease; release it instead"_s));
    const SharedRequest ended = *m_requests.take(id);
    m_ending = true;
    const Result<Done> result = m_engine.cancel(id);
    m_ending = false;
    sendEnd(endOf(ended, -1, true));
    done(result);
}

void SharedAdmission::heartbeat(RequestId id, Ended done)
{
    // The replica heartbeats all its leases in Redis at once (upkeep); a client's heartbeat
    // keeps the local lease, which stands for the shared one.
    done(m_engine.heartbeat(id));
}

void SharedAdmission::describe(RequestId id, Described described)
{
    std::optional<RequestInfo> info = m_engine.request(id);
    const SharedRequest *shared = m_requests.find(id);
    RedisPool *pool = shared ? m_link.pool(shared->pool) : nullptr;
    if (!info || info->active || !pool || !m_link.isReady())
        return described(info);
    pool->status(shared->sharedId, [this, self = QPointer<SharedAdmission>(this), id,
                                    described = std::move(described)](const RedisAnswer &answer) {
        if (!self)
            return;
        std::optional<RequestInfo> now = m_engine.request(id); // it may have moved meanwhile
        if (now && !now->active && answer.ok() && answer.status() == u"queued"_s) {
            now->position = answer.json.value("position"_L1).toInteger(now->position);
            if (answer.json.contains("eta_ms"_L1))
                now->estimatedWaitMs = answer.json.value("eta_ms"_L1).toInteger();
        }
        described(now);
    });
}

void SharedAdmission::throttle(const QString &pool, qint64 forMs)
{
    m_engine.throttle(pool, forMs);
    if (RedisPool *shared = m_link.pool(pool); shared && m_link.isReady())
        shared->pauseFor(forMs, [](const RedisAnswer &) {});
}

} // namespace sluice
