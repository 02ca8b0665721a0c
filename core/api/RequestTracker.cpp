#include "api/RequestTracker.h"

#include "engine/Engine.h"

namespace sluice {

RequestTracker::RequestTracker(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::requestEnded, this, &RequestTracker::onEnded);
}

void RequestTracker::setOwner(RequestId id, const QString &keyId)
{
    m_engine.setOwner(id, keyId);
}

std::optional<RequestAccess> RequestTracker::accessOf(RequestId id) const
{
    if (std::optional<RequestAccess> live = m_engine.access(id))
        return live;
    const auto it = m_outcomes.constFind(id);
    if (it == m_outcomes.constEnd())
        return std::nullopt;
    return it->access;
}

QString RequestTracker::owner(RequestId id) const
{
    // A live request's owner without deriving its secret (accessOf would).
    const RequestTable &table = m_engine.requests();
    if (const quint32 slot = table.find(id); slot != RequestSlot::kNone)
        return table.access().owner(slot);
    const auto it = m_outcomes.constFind(id);
    return it == m_outcomes.constEnd() ? QString() : it->access.owner;
}

std::optional<RequestId> RequestTracker::resolve(const PublicRequestId &named, const QString &keyId,
                                                 bool staff) const
{
    if (const std::optional<RequestId> found = reachable(named.id, named, keyId, staff))
        return found;
    // A ticket resumed here from another replica: its client names it by that replica's id.
    if (const RequestId local = m_engine.resumed(named))
        return reachable(local, named, keyId, staff);
    if (const RequestId ended =
            named.hasSecret ? m_endedResumed.value(clientIdKey(named.id, named.idPart)) : 0)
        return reachable(ended, named, keyId, staff);
    return std::nullopt;
}

std::optional<RequestId> RequestTracker::reachable(RequestId id, const PublicRequestId &named,
                                                   const QString &keyId, bool staff) const
{
    const std::optional<RequestAccess> access = accessOf(id);
    if (!access)
        return std::nullopt;
    if (named.hasSecret ? !access->secret.idPartEquals(named.idPart) : !staff)
        return std::nullopt;
    if (!staff && (access->owner.isEmpty() || access->owner != keyId))
        return std::nullopt;
    return id;
}

bool RequestTracker::tokenMatches(RequestId id, QStringView token) const
{
    const std::optional<RequestAccess> access = accessOf(id);
    return access && access->secret.tokenEquals(token);
}

QString RequestTracker::publicId(RequestId id) const
{
    const std::optional<RequestAccess> access = accessOf(id);
    const RequestId named = m_engine.clientId(id); // as a resumed ticket's client knows it
    return access ? formatRequestId(named, access->secret) : formatRequestId(named);
}

std::optional<Reason> RequestTracker::outcome(RequestId id) const
{
    const auto it = m_outcomes.constFind(id);
    if (it == m_outcomes.constEnd())
        return std::nullopt;
    return it->reason;
}

void RequestTracker::onEnded(RequestId id, int, Reason reason)
{
    // Resumed on another replica: this one forgets it, so that a later call here resumes it
    // back rather than report it ended.
    if (reason == Reason::Moved || m_outcomes.contains(id))
        return;
    if (m_outcomeOrder.size() >= size_t(kOutcomeCapacity)) {
        const RequestId evicted = m_outcomeOrder.front();
        const Ended dropped = m_outcomes.take(evicted);
        const QByteArray key = clientIdKey(dropped.external, dropped.access.secret.idPart);
        if (dropped.external != 0 && m_endedResumed.value(key) == evicted)
            m_endedResumed.remove(key);
        m_outcomeOrder.pop_front();
    }
    // Emitted before the engine frees the slot: its access (and resumed id) is still there.
    const std::optional<RequestAccess> live = m_engine.access(id);
    const RequestId external = m_engine.clientId(id) != id ? m_engine.clientId(id) : 0;
    m_outcomes.insert(id, Ended{reason, live ? *live : RequestAccess{}, external});
    if (external != 0 && live)
        m_endedResumed.insert(clientIdKey(external, live->secret.idPart), id);
    m_outcomeOrder.push_back(id);
}

} // namespace sluice
