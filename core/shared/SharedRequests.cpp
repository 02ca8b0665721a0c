#include "shared/SharedRequests.h"

#include "shared/SharedDecisions.h"

namespace sluice {

SharedRequest SharedRequest::of(const AcquireRequest &request, const QString &sharedId, bool lease,
                                bool alone)
{
    return {request.pool,   sharedId, lease, request.user, shared::contextKey(request),
            request.tokens, alone};
}

void SharedRequests::add(RequestId local, const SharedRequest &request)
{
    Q_ASSERT(!m_byLocal.contains(local));
    m_byLocal.insert(local, request);
    m_alone += request.alone ? 1 : 0;
    m_byShared.insert(key(request.pool, request.sharedId), local);
}

std::optional<SharedRequest> SharedRequests::take(RequestId local)
{
    const auto found = m_byLocal.constFind(local);
    if (found == m_byLocal.constEnd())
        return std::nullopt;
    SharedRequest request = *found;
    m_byLocal.erase(found);
    m_alone -= request.alone ? 1 : 0;
    m_byShared.remove(key(request.pool, request.sharedId));
    return request;
}

const SharedRequest *SharedRequests::find(RequestId local) const
{
    const auto found = m_byLocal.constFind(local);
    return found == m_byLocal.constEnd() ? nullptr : &*found;
}

RequestId SharedRequests::localOf(const QString &pool, const QString &sharedId) const
{
    return m_byShared.value(key(pool, sharedId), 0);
}

void SharedRequests::markLease(RequestId local)
{
    const auto found = m_byLocal.find(local);
    if (found != m_byLocal.end())
        found->lease = true;
}

std::map<QString, QStringList> SharedRequests::leasesByPool() const
{
    std::map<QString, QStringList> leases;
    for (const SharedRequest &request : m_byLocal) {
        if (request.lease && !request.alone)
            leases[request.pool].append(request.sharedId);
    }
    return leases;
}

std::map<QString, QList<RedisLease>> SharedRequests::aloneByPool() const
{
    std::map<QString, QList<RedisLease>> leases;
    if (m_alone == 0)
        return leases;
    for (const SharedRequest &request : m_byLocal) {
        if (request.alone)
            leases[request.pool].append(
                {request.sharedId, request.user, request.context, request.tokens});
    }
    return leases;
}

void SharedRequests::markRegistered(RequestId local)
{
    const auto found = m_byLocal.find(local);
    if (found != m_byLocal.end() && found->alone) {
        found->alone = false;
        --m_alone;
    }
}

void SharedRequests::noteEarlyGrant(const QString &pool, const QString &sharedId, TimeMs at)
{
    m_earlyGrants.insert(key(pool, sharedId), at);
}

bool SharedRequests::takeEarlyGrant(const QString &pool, const QString &sharedId)
{
    return m_earlyGrants.remove(key(pool, sharedId)) > 0;
}

void SharedRequests::pruneEarlyGrants(TimeMs now)
{
    m_earlyGrants.removeIf(
        [now](const auto &entry) { return now - entry.value() > kEarlyGrantMs; });
}

} // namespace sluice
