// SharedAdmission: a client resumes its ticket or lease on another replica (SPEC: "clients
// resume by ticket id"; SCALEOUT.md sl_claim). The replica that admits a request leaves a
// handle in Redis, found by a hash of the id its client holds. Any replica the client asks
// next checks the client's proof (the ticket's token, or a key of the maker's name), claims
// the request (its grant comes there now) and records it under a local id of its own, which
// the client's id names too (Engine::resumeAs). The previous owner hears a `claim` event and
// forgets its copy (MOVED), so that a client going back there resumes it back.

#include "engine/Engine.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

/// How long a handle outlives its request's longest life without a heartbeat.
constexpr qint64 kHandleMarginMs = 60'000;
/// How often refreshHandles() looks at the requests.
constexpr qint64 kHandleScanMs = 10'000;

} // namespace

QByteArray SharedAdmission::handleKey(const QString &publicId) const
{
    // A hash, not the id: the keys of a Redis dump or a SCAN name no ticket a client could use.
    return m_link.keys().prefix() + ":h:" +
           QCryptographicHash::hash(publicId.toUtf8(), QCryptographicHash::Sha256).toHex();
}

TimeMs SharedAdmission::writeHandle(RequestId local, const AcquireRequest &request,
                                    const QString &sharedId)
{
    const std::optional<RequestAccess> access = m_engine.access(local);
    const PoolConfig *pool = m_engine.config().pool(request.pool);
    if (!access || !pool)
        return -1;
    const QJsonObject handle{{u"p"_s, request.pool},   {u"id"_s, sharedId},
                             {u"u"_s, request.user},   {u"tier"_s, request.tier},
                             {u"tok"_s, request.tokens}, {u"ctx"_s, request.contextId},
                             {u"tk"_s, access->secret.token()},
                             {u"kn"_s, request.ownerName}};
    // As long as a ticket can wait, then one lease idle period (a lease heartbeated longer
    // than that stays with its replica).
    const qint64 waits = (request.timeoutMs > 0 ? std::min(request.timeoutMs, pool->queueTimeoutMs)
                                                : pool->queueTimeoutMs) +
                         pool->leaseIdleTimeoutMs;
    m_link.connection().command(
        {"SET", handleKey(formatRequestId(local, access->secret)),
         QJsonDocument(handle).toJson(QJsonDocument::Compact), "PX",
         QByteArray::number(waits + kHandleMarginMs)},
        [sharedId](const RedisReply &reply) {
            if (reply.failed())
                qCWarning(lcRedis).noquote()
                    << "ticket" << sharedId << "cannot be resumed on another replica:"
                    << QString::fromUtf8(reply.text);
        });
    return m_engine.now() + (waits + kHandleMarginMs) / 2;
}

void SharedAdmission::refreshHandles()
{
    // One pass over the requests every kHandleScanMs at most: a handle is due at half its
    // lifetime, at least 30 s away.
    const TimeMs now = m_engine.now();
    if (now < m_handleScanAt)
        return;
    m_handleScanAt = now + kHandleScanMs;
    m_requests.forEach([&](RequestId local, SharedRequest &shared) {
        // A ticket's handle lasts its whole wait: only a lease's needs more.
        if (!shared.lease || shared.handleRenewAt < 0 || shared.handleRenewAt > now)
            return;
        const std::optional<RequestAccess> access = m_engine.access(local);
        const PoolConfig *pool = m_engine.config().pool(shared.pool);
        if (!access || !pool)
            return;
        const qint64 lifetime = pool->leaseIdleTimeoutMs + kHandleMarginMs;
        m_link.connection().command(
            {"PEXPIRE", handleKey(formatRequestId(m_engine.clientId(local), access->secret)),
             QByteArray::number(lifetime)},
            [](const RedisReply &) {}); // missed: the next one is due in half its lifetime
        shared.handleRenewAt = now + lifetime / 2;
    });
}

void SharedAdmission::resume(const PublicRequestId &named, const ResumeProof &proof,
                             Resumed resumed)
{
    const auto unknown = [] { return reasonError(Reason::UnknownRequest, u"no such request"_s); };
    // The request may be held by another replica: say that it cannot be known now, rather
    // than that it does not exist.
    const auto unavailable = [] {
        return reasonError(Reason::RedisUnavailable,
                           u"Redis cannot be reached: the request may be held by another "
                           "replica; retry"_s);
    };
    if (!named.hasSecret)
        return resumed(unknown());
    if (!m_link.isReady())
        return resumed(unavailable());
    RequestSecret presented;
    presented.idPart = named.idPart;
    m_link.connection().command(
        {"GET", handleKey(formatRequestId(named.id, presented))},
        [this, self = QPointer<SharedAdmission>(this), named, proof, unknown, unavailable,
         resumed = std::move(resumed)](const RedisReply &reply) {
            if (!self)
                return;
            if (reply.failed())
                return resumed(unavailable());
            const QJsonObject handle = QJsonDocument::fromJson(reply.text).object();
            RedisPool *pool = m_link.pool(handle.value("p"_L1).toString());
            const QString sharedId = handle.value("id"_L1).toString();
            std::optional<AcquireRequest> request;
            if (pool && !sharedId.isEmpty())
                request = resumable(handle, proof);
            if (!request) // checked before the claim: a failed proof moves nothing
                return resumed(unknown());
            pool->claim(sharedId, m_link.options().replica,
                        [this, self, named, proof, request = *request, handle, unknown,
                         unavailable, resumed](const RedisAnswer &answer) {
                            if (!self)
                                return;
                            if (!answer.ok())
                                return resumed(unavailable());
                            if (!answer.json.value("claimed"_L1).toBool())
                                return resumed(unknown());
                            const std::optional<RequestId> local =
                                adoptResumed(named, proof, request, handle, answer);
                            resumed(local ? Result<RequestId>(*local) : Result<RequestId>(unknown()));
                        });
        });
}

std::optional<AcquireRequest> SharedAdmission::resumable(const QJsonObject &handle,
                                                         const ResumeProof &proof) const
{
    const std::optional<std::array<quint8, RequestSecret::kPartBytes>> token =
        parseSecretPart(handle.value("tk"_L1).toString());
    if (!token)
        return std::nullopt;
    RequestSecret secret;
    secret.tokenPart = *token;
    const QString keyName = handle.value("kn"_L1).toString();
    if (!proof.token.isEmpty() ? !secret.tokenEquals(proof.token)
                               : proof.keyName.isEmpty() || proof.keyName != keyName)
        return std::nullopt;
    AcquireRequest request;
    request.pool = handle.value("p"_L1).toString();
    request.user = handle.value("u"_L1).toString();
    request.tier = handle.value("tier"_L1).toString();
    request.tokens = handle.value("tok"_L1).toInteger();
    request.contextId = handle.value("ctx"_L1).toString();
    request.owner = proof.keyId; // empty for a token: the first key of that name takes it
    request.ownerName = keyName;
    if (m_engine.invalidRequest(request)) // e.g. a pool this replica's configuration lacks
        return std::nullopt;
    return request;
}

std::optional<RequestId> SharedAdmission::adoptResumed(const PublicRequestId &named,
                                                       const ResumeProof &proof,
                                                       AcquireRequest request,
                                                       const QJsonObject &handle,
                                                       const RedisAnswer &claim)
{
    const QString sharedId = handle.value("id"_L1).toString();
    if (const RequestId known = m_requests.localOf(request.pool, sharedId)) {
        // Here already: resumed by a call racing this one, or over a WebSocket with the
        // ticket's token, which names no key: the first key of the maker's name takes it.
        const std::optional<RequestAccess> access = m_engine.access(known);
        if (access && access->owner.isEmpty() && !proof.keyId.isEmpty())
            m_engine.setOwner(known, proof.keyId);
        return known;
    }
    // Its time left in the queue; 0 would read as the pool's whole timeout.
    request.timeoutMs = std::max<qint64>(1, claim.json.value("remaining_ms"_L1).toInteger());
    const bool granted = claim.json.value("granted"_L1).toBool() ||
                         m_requests.takeEarlyGrant(request.pool, sharedId);
    const Decision decision =
        m_engine.record(request, granted ? Outcome::Granted : Outcome::Queued);
    if (decision.rejected()) { // checked before the claim; the configuration changed since
        qCWarning(lcRedis).noquote() << "request" << sharedId << "of pool" << request.pool
                                     << "cannot be resumed here:" << decision.message;
        return std::nullopt; // Redis drops it at its deadline (or the lease idles out)
    }
    RequestSecret secret;
    secret.idPart = named.idPart;
    secret.tokenPart = *parseSecretPart(handle.value("tk"_L1).toString()); // checked
    m_engine.resumeAs(decision.id, named, secret);
    SharedRequest tracked = SharedRequest::of(request, sharedId, granted);
    tracked.handleRenewAt = m_engine.now(); // its lifetime left is unknown here
    m_requests.add(decision.id, tracked);
    ++m_resumedHere;
    qCInfo(lcRedis).noquote() << "resumed" << (granted ? "lease" : "ticket") << sharedId
                              << "of pool" << request.pool << "here, as its client asked";
    return decision.id;
}

} // namespace sluice
