#pragma once

#include "engine/EngineTypes.h"
#include "store/StoreBatch.h"

#include <functional>

namespace sluice {

class AuditTrail;
class Engine;
class Store;

/// What operators do to pools, tickets and users: pause, resume, drain and purge a pool,
/// cancel a waiting ticket, pin a user's tier. Each action is audited (AuditTrail) when it
/// succeeds; a pool's mode and a pinned tier go to the batch sink (the store writer's
/// journal) so they survive a restart (restoreModes()). Owns no state of its own: the
/// engine holds the modes and tiers, the store their durable copy.
/// Threading: the engine's thread, like the Engine.
class PoolOperations
{
public:
    using BatchSink = std::function<void(StoreBatch batch)>;

    PoolOperations(Engine &engine, AuditTrail &audit, BatchSink sink);

    Result<Done> pause(const QString &pool, const QString &actor);
    /// Audited as pool.resume; the detail names an upstream throttle it lifted.
    Result<Done> resume(const QString &pool, const QString &actor);
    Result<Done> drain(const QString &pool, const QString &actor);
    /// Fails every waiting ticket of the pool with QUEUE_PURGED; `count` says how many.
    Result<Done> purge(const QString &pool, const QString &actor, qint64 *count = nullptr);
    /// Cancels one waiting ticket on an operator's behalf.
    Result<Done> cancelTicket(RequestId id, const QString &actor);
    /// Pins a user's tier (empty: unpin).
    Result<Done> setUserTier(const QString &user, const QString &tier, const QString &actor);

    /// Pauses or drains the pools that were paused or draining when the engine stopped.
    /// Reads `store` synchronously: for start-up only.
    Result<Done> restoreModes(const Store &store);

private:
    Result<Done> rememberMode(Result<Done> result, const QString &pool, PoolMode mode);
    static QString modeKey(const QString &pool);

    Engine &m_engine;
    AuditTrail &m_audit;
    BatchSink m_sink;
};

} // namespace sluice
