#pragma once

#include "engine/Decision.h"
#include "engine/EngineTypes.h"
#include "engine/RequestId.h"

#include <QByteArray>
#include <QJsonObject>

#include <functional>

namespace sluice {

/// What proves the right to resume, on this replica, a request another replica admitted: the
/// client's key here (its id, and its name, which must be the name of the key that made the
/// request there: keys are per replica), or the ticket's subscribeToken (a browser's
/// WebSocket, which has no key).
struct ResumeProof
{
    QString keyId;
    QString keyName;
    QString token;
};

/// The one way in to admission: every acquire, release, cancel and heartbeat of a client,
/// whichever way it came (the acquire route, the reverse proxy, a WebSocket flow), goes
/// through here. Answers come through callbacks: LocalAdmission (this process's engine)
/// answers at once, before the call returns; a shared implementation (Redis, SCALEOUT.md)
/// answers after its round trip, so callers must not assume either. A caller that is gone
/// when the answer comes still owns what it was given and must give it back.
///
/// What happens to a request later (a queued ticket granted, a lease expired) still comes
/// from the Engine's signals.
///
/// Threading: the engine's thread; callbacks come on it.
class AdmissionService
{
public:
    using Decided = std::function<void(const Decision &decision)>;
    using Ended = std::function<void(const Result<Done> &result)>;
    using Described = std::function<void(const std::optional<RequestInfo> &info)>;
    /// The local request, or UNKNOWN_REQUEST, or REDIS_UNAVAILABLE (it cannot be looked up).
    using Resumed = std::function<void(const Result<RequestId> &id)>;

    virtual ~AdmissionService() = default;

    virtual void acquire(const AcquireRequest &request, Decided decided) = 0;
    /// Ends a lease with the usage it had (usage.refund gives the quota back).
    virtual void release(RequestId id, const Usage &usage, Ended done) = 0;
    /// Withdraws a waiting ticket.
    virtual void cancel(RequestId id, Ended done) = 0;
    /// Keeps a lease alive.
    virtual void heartbeat(RequestId id, Ended done) = 0;

    /// Where a live request stands (nullopt: unknown or ended); the shared admission gives a
    /// waiting ticket its place in the global queue, the same on every replica.
    virtual void describe(RequestId id, Described described) = 0;
    /// An upstream answered 429 with a Retry-After: the pool stops granting for `forMs`
    /// (the shared admission: on every replica).
    virtual void throttle(const QString &pool, qint64 forMs) = 0;

    /// The replicas sharing this gateway's limits, as JSON (GET /v1/replicas): `mode` "local"
    /// for the local admission; the shared one adds this replica's link to Redis and every
    /// replica's last heartbeat.
    virtual void replicas(std::function<void(const QJsonObject &answer)> done) const
    {
        done(QJsonObject{{QStringLiteral("mode"), QStringLiteral("local")}});
    }

    /// A request this replica does not know, named by its client: the shared admission finds
    /// a ticket or lease another replica admitted under that id and, when `proof` holds, moves
    /// it here (its grant comes here now) and answers the local request that stands for it;
    /// UNKNOWN_REQUEST when there is none (or the proof fails), REDIS_UNAVAILABLE when that
    /// cannot be known now. The local admission knows every request it has: UNKNOWN_REQUEST.
    virtual void resume(const PublicRequestId &named, const ResumeProof &proof, Resumed resumed)
    {
        Q_UNUSED(named);
        Q_UNUSED(proof);
        resumed(reasonError(Reason::UnknownRequest, QStringLiteral("no such request")));
    }

    /// Prometheus lines of its own for /metrics (the shared admission: its replica, whether
    /// Redis is reachable); empty for the local one.
    virtual QByteArray metrics() const { return {}; }

    /// Ends what a caller holds, whatever happened meanwhile: a lease is released with
    /// `usage`; a ticket is cancelled or, when it was granted without the caller hearing of
    /// it yet, released with `usage`. `released` hears the answer of a release, if one was
    /// made.
    void letGo(RequestId id, bool lease, const Usage &usage, Ended released);
    /// Gives back whatever `decision` handed to a caller that is no longer there: a lease is
    /// released with a refund, a ticket cancelled. Nothing for a rejection.
    void giveBack(const Decision &decision);
};

} // namespace sluice
