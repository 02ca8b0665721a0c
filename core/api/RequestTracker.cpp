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

const RequestAccess *RequestTracker::accessOf(RequestId id) const
{
    if (const RequestAccess *live = m_engine.access(id))
        return live;
    const auto it = m_outcomes.constFind(id);
    return it == m_outcomes.constEnd() ? nullptr : &it->access;
}

QString RequestTracker::owner(RequestId id) const
{
    const RequestAccess *access = accessOf(id);
    return access ? access->owner : QString();
}

std::optional<RequestId> RequestTracker::resolve(const PublicRequestId &named, const QString &keyId,
                                                 bool staff) const
{
    const RequestAccess *access = accessOf(named.id);
    if (!access)
        return std::nullopt;
    if (named.hasSecret ? !access->secret.idPartEquals(named.idPart) : !staff)
        return std::nullopt;
    if (!staff && (access->owner.isEmpty() || access->owner != keyId))
        return std::nullopt;
    return named.id;
}

bool RequestTracker::tokenMatches(RequestId id, QStringView token) const
{
    const RequestAccess *access = accessOf(id);
    return access && access->secret.tokenEquals(token);
}

QString RequestTracker::publicId(RequestId id) const
{
    const RequestAccess *access = accessOf(id);
    return access ? formatRequestId(id, access->secret) : formatRequestId(id);
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
    if (m_outcomes.contains(id))
        return;
    if (m_outcomeOrder.size() >= size_t(kOutcomeCapacity)) {
        m_outcomes.remove(m_outcomeOrder.front());
        m_outcomeOrder.pop_front();
    }
    // Emitted before the engine frees the slot: its access is still there.
    const RequestAccess *live = m_engine.access(id);
    m_outcomes.insert(id, Ended{reason, live ? *live : RequestAccess{}});
    m_outcomeOrder.push_back(id);
}

} // namespace sluice
