#pragma once

#include "engine/Decision.h"
#include "engine/RequestTable.h"
#include "protocol/ApiTypes.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <optional>

namespace sluice {

class Engine;

/// What the API knows about requests beyond the engine's decisions:
///  - who may reach a request (SPEC section 4, "Ownership"): the engine keeps each live
///    request's owner (the key id that made it) and random part, durably; resolve() applies
///    the rules, so that another key is told exactly what it would be for an id that never
///    existed;
///  - how recent requests ended (and who owned them), so that a ticket's status (and its
///    WebSocket) can still say completed or TIMEOUT after the engine has forgotten it.
/// Bounded: kOutcomeCapacity outcomes, oldest dropped first. (Rejections are kept durably
/// by RejectionLog.)
/// Threading: the engine's thread (it listens to the engine's signals).
class RequestTracker : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kOutcomeCapacity = 10'000;

    explicit RequestTracker(Engine &engine, QObject *parent = nullptr);

    /// Records the key that made a live request (Engine::setOwner; AcquireRequest::owner does
    /// it at admission).
    void setOwner(RequestId id, const QString &keyId);
    /// The key that made a live or recently ended request; empty when made in-process (then
    /// no client key may act on it) or unknown.
    QString owner(RequestId id) const;

    /// The request `named` names when the caller may reach it, nullopt otherwise (answer as
    /// for an id that never existed). A named random part must match, for everyone; without
    /// one only `staff` reaches a request. Callers that are not staff reach only the requests
    /// their key `keyId` made.
    std::optional<RequestId> resolve(const PublicRequestId &named, const QString &keyId,
                                     bool staff) const;
    /// True when `token` is the per-ticket token of a live or recently ended request.
    bool tokenMatches(RequestId id, QStringView token) const;
    /// The id the request's client was given (compact when it has no random part).
    QString publicId(RequestId id) const;

    /// How a recent request ended (Released for a normal end); nullopt when still live or
    /// forgotten.
    std::optional<Reason> outcome(RequestId id) const;


private:
    struct Ended
    {
        Reason reason = Reason::None;
        RequestAccess access;
        RequestId external = 0; ///< the id its client knows, when resumed from another replica
    };

    void onEnded(RequestId id, int pool, Reason reason);
    /// `id` when it is the request `named` names and the caller may reach it.
    std::optional<RequestId> reachable(RequestId id, const PublicRequestId &named,
                                       const QString &keyId, bool staff) const;
    /// The access of a live or recently ended request; nullopt when unknown.
    std::optional<RequestAccess> accessOf(RequestId id) const;

    Engine &m_engine;
    QHash<RequestId, Ended> m_outcomes;
    QHash<QByteArray, RequestId> m_endedResumed; ///< clientIdKey -> local, recent outcomes
    std::deque<RequestId> m_outcomeOrder;
};

} // namespace sluice
