#include "api/RequestTracker.h"

#include "engine/Engine.h"

namespace sluice {

RequestTracker::RequestTracker(Engine &engine, QObject *parent)
    : QObject(parent)
{
    connect(&engine, &Engine::requestEnded, this, &RequestTracker::onEnded);
}

void RequestTracker::setOwner(RequestId id, const QString &keyId)
{
    if (!keyId.isEmpty())
        m_owners.insert(id, keyId);
}

std::optional<Reason> RequestTracker::outcome(RequestId id) const
{
    const auto it = m_outcomes.constFind(id);
    if (it == m_outcomes.constEnd())
        return std::nullopt;
    return *it;
}

void RequestTracker::onEnded(RequestId id, int, Reason reason)
{
    if (!m_owners.isEmpty())
        m_owners.remove(id);
    if (m_outcomes.contains(id))
        return;
    if (m_outcomeOrder.size() >= size_t(kOutcomeCapacity)) {
        m_outcomes.remove(m_outcomeOrder.front());
        m_outcomeOrder.pop_front();
    }
    m_outcomes.insert(id, reason);
    m_outcomeOrder.push_back(id);
}

void RequestTracker::recordRejection(const QString &user, const QString &pool,
                                     const Decision &decision, TimeMs at)
{
    auto it = m_rejections.find(user);
    if (it == m_rejections.end()) {
        if (m_rejectedUsers.size() >= size_t(kUsersWithRejections)) {
            m_rejections.remove(m_rejectedUsers.front());
            m_rejectedUsers.pop_front();
        }
        m_rejectedUsers.push_back(user);
        it = m_rejections.insert(user, {});
    }
    it->push_front({at, pool, reasonCode(decision.reason), decision.message});
    if (it->size() > size_t(kRejectionsPerUser))
        it->pop_back();
}

QList<UserDetails::Rejection> RequestTracker::rejections(const QString &user) const
{
    QList<UserDetails::Rejection> result;
    const auto it = m_rejections.constFind(user);
    if (it != m_rejections.constEnd())
        result = QList<UserDetails::Rejection>(it->begin(), it->end());
    return result;
}

} // namespace sluice
