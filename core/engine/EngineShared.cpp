// Engine: shared mode (SCALEOUT.md). The shared admission (SharedAdmission, Redis) decides;
// this engine records its decisions so that everything built on local requests (status,
// ownership, heartbeats, lease expiry, the journal, the dashboard) works unchanged.

#include "engine/Engine.h"

namespace sluice {

using namespace Qt::StringLiterals;

void Engine::setShared(bool shared)
{
    m_shared = shared;
    for (const std::unique_ptr<Pool> &pool : m_pools)
        pool->setShared(shared);
}

Decision Engine::record(const AcquireRequest &request, Outcome outcome)
{
    Q_ASSERT(outcome != Outcome::Rejected);
    return decide(request, m_clock.now(), outcome);
}

Decision Engine::acquireAlone(const AcquireRequest &request, int replicas)
{
    AcquireRequest alone = request;
    alone.wait = false; // the queue is the shared one: nothing waits here for a local slot
    const TimeMs now = m_clock.now();
    Decision decision = decide(alone, now, std::nullopt, std::max(1, replicas));
    if (decision.rejected())
        emit requestRejected(request.user, request.pool, decision, now);
    return decision;
}

void Engine::noteRejected(const AcquireRequest &request, const Decision &decision)
{
    const int poolIndex = m_poolIndex.value(request.pool, -1);
    if (poolIndex >= 0) {
        const quint32 known = m_users.find(request.user);
        const int asked = request.tier.isEmpty() ? -1 : tierIndex(request.tier);
        const quint8 tier = asked >= 0 ? quint8(asked)
                            : known != UserTable::kNone ? m_users[known].tier
                                                        : m_defaultTier;
        m_pools[size_t(poolIndex)]->stats().tier(tier).rejected[size_t(decision.reason)]++;
    }
    emit requestRejected(request.user, request.pool, decision, m_clock.now());
}

Result<Done> Engine::grantHeld(RequestId id)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return reasonError(Reason::UnknownRequest, u"no such request (it may have ended)"_s);
    if (m_table[slot].state != RequestSlot::State::Waiting)
        return reasonError(Reason::InvalidRequest, u"the request holds a lease already"_s);
    m_pools[m_table[slot].pool]->grantHeld(slot, m_clock.now());
    return Done{};
}

bool Engine::resumeAs(RequestId local, const PublicRequestId &external,
                      const RequestSecret &secret)
{
    const quint32 slot = m_table.find(local);
    if (slot == RequestSlot::kNone)
        return false;
    m_table.access().setSecret(slot, secret);
    journalRequest(slot);
    m_resumed.insert(clientIdKey(external.id, external.idPart), local);
    m_resumedFrom.insert(local, external.id);
    return true;
}

RequestId Engine::resumed(const PublicRequestId &named) const
{
    return named.hasSecret ? m_resumed.value(clientIdKey(named.id, named.idPart)) : 0;
}

bool Engine::endShared(RequestId id, Reason reason)
{
    const quint32 slot = m_table.find(id);
    if (slot == RequestSlot::kNone)
        return false;
    m_pools[m_table[slot].pool]->end(slot, reason, m_clock.now());
    return true;
}

} // namespace sluice
