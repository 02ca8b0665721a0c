#include "control/PoolOperations.h"

#include "control/AuditTrail.h"
#include "engine/Engine.h"
#include "store/Store.h"

#include <QDateTime>

namespace sluice {

using namespace Qt::StringLiterals;

PoolOperations::PoolOperations(Engine &engine, AuditTrail &audit, BatchSink sink)
    : m_engine(engine)
    , m_audit(audit)
    , m_sink(std::move(sink))
{}

Result<Done> PoolOperations::pause(const QString &pool, const QString &actor)
{
    return rememberMode(m_audit.recordOnSuccess(m_engine.pause(pool), actor, u"pool.pause"_s, pool),
                        pool, PoolMode::Paused);
}

Result<Done> PoolOperations::resume(const QString &pool, const QString &actor)
{
    const std::optional<PoolStatus> before = m_engine.poolStatus(pool);
    const TimeMs throttledUntil = before ? before->throttledUntil : 0;
    const QString detail = throttledUntil > 0
                               ? u"lifted the upstream throttle until %1"_s.arg(
                                     QDateTime::fromMSecsSinceEpoch(throttledUntil, Qt::UTC)
                                         .toString(Qt::ISODateWithMs))
                               : QString();
    return rememberMode(
        m_audit.recordOnSuccess(m_engine.resume(pool), actor, u"pool.resume"_s, pool, detail), pool,
        PoolMode::Running);
}

Result<Done> PoolOperations::drain(const QString &pool, const QString &actor)
{
    return rememberMode(m_audit.recordOnSuccess(m_engine.drain(pool), actor, u"pool.drain"_s, pool),
                        pool, PoolMode::Draining);
}

Result<Done> PoolOperations::rememberMode(Result<Done> result, const QString &pool, PoolMode mode)
{
    if (result) {
        StoreBatch batch;
        batch.setMeta(modeKey(pool), poolModeName(mode));
        m_sink(std::move(batch));
    }
    return result;
}

QString PoolOperations::modeKey(const QString &pool)
{
    return u"pool_mode:"_s + pool;
}

Result<Done> PoolOperations::restoreModes(const Store &store)
{
    for (const PoolConfig &pool : m_engine.config().pools) {
        const Result<std::optional<QString>> stored = store.meta(modeKey(pool.name));
        if (!stored)
            return stored.error();
        const std::optional<PoolMode> mode = poolModeFromName(stored->value_or(QString()));
        // A configured pool: neither can fail.
        if (mode == PoolMode::Paused)
            m_engine.pause(pool.name);
        else if (mode == PoolMode::Draining)
            m_engine.drain(pool.name);
    }
    return Done{};
}

Result<Done> PoolOperations::purge(const QString &pool, const QString &actor, qint64 *count)
{
    qint64 purged = 0;
    const Result<Done> result = m_engine.purge(pool, &purged);
    if (count)
        *count = purged;
    return m_audit.recordOnSuccess(result, actor, u"pool.purge"_s, pool,
                                   u"%1 waiting tickets failed with QUEUE_PURGED"_s.arg(purged));
}

Result<Done> PoolOperations::cancelTicket(RequestId id, const QString &actor)
{
    const std::optional<RequestInfo> info = m_engine.request(id);
    const Result<Done> result = m_engine.cancel(id);
    const QString target =
        info ? u"%1/%2"_s.arg(info->pool, formatRequestId(id)) : formatRequestId(id);
    return m_audit.recordOnSuccess(result, actor, u"ticket.cancel"_s, target,
                                   info ? u"user %1"_s.arg(info->user) : QString());
}

Result<Done> PoolOperations::setUserTier(const QString &user, const QString &tier,
                                         const QString &actor)
{
    const UserQuota before = m_engine.userQuota(user);
    const Result<Done> result = m_engine.setUserTier(user, tier);
    if (result) {
        StoreBatch batch;
        batch.setUserTier(user, tier);
        m_sink(std::move(batch));
    }
    const QString detail = tier.isEmpty() ? u"tier %1 unpinned"_s.arg(before.tier)
                                          : u"tier: %1 -> %2"_s.arg(before.tier, tier);
    return m_audit.recordOnSuccess(result, actor, u"user.tier"_s, user, detail);
}

} // namespace sluice
