#include "shared/SharedRequests.h"

namespace sluice {

void SharedRequests::add(RequestId local, const SharedRequest &request)
{
    m_byLocal.insert(local, request);
    m_byShared.insert(key(request.pool, request.sharedId), local);
}

std::optional<SharedRequest> SharedRequests::take(RequestId local)
{
    const auto found = m_byLocal.constFind(local);
    if (found == m_byLocal.constEnd())
        return std::nullopt;
    SharedRequest request = *found;
    m_byLocal.erase(found);
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
        if (request.lease)
            leases[request.pool].append(request.sharedId);
    }
    return leases;
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
