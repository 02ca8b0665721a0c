#pragma once

#include "engine/EngineTypes.h"
#include "engine/RequestId.h"
#include "redis/RedisPool.h"
#include "util/Clock.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace sluice {

/// One request this replica serves whose admission lives in Redis: its pool and its id
/// there (ids are per pool), and whether it is a lease yet.
struct SharedRequest
{
    QString pool;
    QString sharedId;
    bool lease = false;
    QString user;    ///< what sl_reassert needs should Redis lose the lease
    QString context; ///< the user-qualified context key sent to sl_admit
    qint64 tokens = 0;
    /// Granted by this replica alone while Redis could not be reached (local_share): Redis
    /// does not know it until sl_reassert registers it (SharedAdmission::registerAlone).
    bool alone = false;
    /// When its resume handle is renewed next, once it is a lease; -1: it has none.
    TimeMs handleRenewAt = -1;

    /// What this replica tracks of `request`, whose id in Redis is `sharedId`.
    static SharedRequest of(const AcquireRequest &request, const QString &sharedId, bool lease,
                            bool alone = false);
};

/// Which local request (the engine's RequestId, which clients see) stands for which shared
/// one, both ways, and the grants heard before their admission's answer (the event stream is
/// another connection, so a grant of a fresh ticket can overtake the answer that queued it).
/// Bounded by the engine's live requests; early grants are kept kEarlyGrantMs at most.
/// Threading: the engine's thread.
class SharedRequests
{
public:
    static constexpr qint64 kEarlyGrantMs = 60'000;

    void add(RequestId local, const SharedRequest &request);
    /// Forgets `local` and returns what it stood for; nullopt when it was not shared.
    std::optional<SharedRequest> take(RequestId local);
    const SharedRequest *find(RequestId local) const;
    /// The local request standing for `sharedId` of `pool`; 0 when none.
    RequestId localOf(const QString &pool, const QString &sharedId) const;
    void markLease(RequestId local);
    /// Every pool's leases (their shared ids) that Redis knows, for the replica's heartbeat.
    std::map<QString, QStringList> leasesByPool() const;
    /// Every pool's leases granted alone and not registered in Redis yet.
    std::map<QString, QList<RedisLease>> aloneByPool() const;
    /// Redis registered `local`, granted alone: from now on it is an ordinary shared lease.
    void markRegistered(RequestId local);
    qsizetype aloneCount() const { return m_alone; }
    /// The request standing for `sharedId` of `pool`; null when none.
    const SharedRequest *findShared(const QString &pool, const QString &sharedId) const
    {
        return find(localOf(pool, sharedId));
    }
    qsizetype size() const { return m_byLocal.size(); }
    /// Calls f(local, request) for every request.
    template<typename F>
    void forEach(F f)
    {
        for (auto it = m_byLocal.begin(); it != m_byLocal.end(); ++it)
            f(it.key(), it.value());
    }
    template<typename F>
    void forEach(F f) const
    {
        for (auto it = m_byLocal.cbegin(); it != m_byLocal.cend(); ++it)
            f(it.key(), it.value());
    }

    void noteEarlyGrant(const QString &pool, const QString &sharedId, TimeMs at);
    /// True (and forgotten) when a grant of `sharedId` came before its admission's answer.
    bool takeEarlyGrant(const QString &pool, const QString &sharedId);
    /// Drops early grants older than kEarlyGrantMs: nobody asked for them.
    void pruneEarlyGrants(TimeMs now);

private:
    static QString key(const QString &pool, const QString &sharedId)
    {
        return pool + u'\n' + sharedId;
    }

    QHash<RequestId, SharedRequest> m_byLocal;
    QHash<QString, RequestId> m_byShared;
    QHash<QString, TimeMs> m_earlyGrants;
    qsizetype m_alone = 0; ///< requests with `alone` set
};

} // namespace sluice
