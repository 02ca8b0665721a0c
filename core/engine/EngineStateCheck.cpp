// Engine: whether a state (EngineState) can be imported, and if not, what is wrong with it.

#include "engine/Engine.h"

#include <QHash>
#include <QSet>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Result<Done> refuse(const QString &message)
{
    return reasonError(Reason::InvalidRequest, u"cannot import the engine state: "_s + message);
}
} // namespace

Result<Done> Engine::checkState(const EngineState &state) const
{
    if (state.day > m_ledger.today())
        return refuse(
            u"its quota day %1 is after the engine's (%2)"_s.arg(state.day).arg(m_ledger.today()));

    const auto knownTier = [this](const QString &tier) {
        return tierIndex(tier) >= 0;
    };
    QSet<QString> users;
    for (const EngineState::User &user : state.users) {
        if (user.id.isEmpty())
            return refuse(u"a user has an empty id"_s);
        if (users.contains(user.id))
            return refuse(u"user '%1' is listed twice"_s.arg(user.id));
        if (!knownTier(user.tier))
            return refuse(u"user '%1' has the unknown tier '%2'"_s.arg(user.id, user.tier));
        users.insert(user.id);
    }
    QSet<std::pair<QString, QString>> cells;
    for (const EngineState::PoolTierUsage &cell : state.usage) {
        if (!m_poolIndex.contains(cell.pool) || !knownTier(cell.tier))
            return refuse(u"usage of pool '%1' and tier '%2': no such pool or tier"_s.arg(
                cell.pool, cell.tier));
        if (cells.contains({cell.pool, cell.tier}))
            return refuse(
                u"usage of pool '%1' and tier '%2' is listed twice"_s.arg(cell.pool, cell.tier));
        cells.insert({cell.pool, cell.tier});
    }
    for (auto it = state.tierUsers.cbegin(); it != state.tierUsers.cend(); ++it) {
        if (!knownTier(it.key()) || it.value() < 0)
            return refuse(u"tier users: unknown tier '%1' or a negative count"_s.arg(it.key()));
    }

    QHash<RequestId, QString> leases; // active lease -> its pool
    QHash<quint32, RequestId> taken;  // slot index -> the id that takes it
    QHash<QString, qint64> requestsOf;
    for (const RequestRow &row : state.requests) {
        const QString id = formatRequestId(row.id);
        if (row.id == 0)
            return refuse(u"a request has the id 0"_s);
        if (const auto other = taken.constFind(quint32(row.id)); other != taken.cend())
            return refuse(*other == row.id ? u"request %1 is listed twice"_s.arg(id)
                                           : u"requests %1 and %2 would take the same slot"_s.arg(
                                                 formatRequestId(*other), id));
        taken.insert(quint32(row.id), row.id);
        if (!m_poolIndex.contains(row.pool))
            return refuse(u"request %1 is in the unknown pool '%2'"_s.arg(id, row.pool));
        if (!knownTier(row.tier))
            return refuse(u"request %1 has the unknown tier '%2'"_s.arg(id, row.tier));
        if (row.user.isEmpty())
            return refuse(u"request %1 has no user"_s.arg(id));
        if (row.tokens < 0)
            return refuse(u"request %1 has a negative token estimate"_s.arg(id));
        if (row.state == RequestRow::State::Active)
            leases.insert(row.id, row.pool);
        requestsOf[row.pool]++;
    }

    QSet<QString> pools;
    for (const PoolState &pool : state.pools) {
        if (!m_poolIndex.contains(pool.name))
            return refuse(u"unknown pool '%1'"_s.arg(pool.name));
        if (pools.contains(pool.name))
            return refuse(u"pool '%1' is listed twice"_s.arg(pool.name));
        pools.insert(pool.name);
        if (pool.mode == PoolMode::Drained && requestsOf.value(pool.name) > 0)
            return refuse(u"pool '%1' is drained but holds %2 requests"_s.arg(pool.name).arg(
                requestsOf.value(pool.name)));
        if (pool.throttledUntil < 0 || pool.drainTotal < 0 || pool.meanLeaseMs < 0 ||
            pool.meanTokens < 0)
            return refuse(
                u"pool '%1' has a negative throttle, drain total or average"_s.arg(pool.name));
        QSet<RequestId> admitted;
        TimeMs previous = 0;
        for (const PoolState::Admission &admission : pool.window) {
            if (admission.at < previous || admission.tokens < 0)
                return refuse(
                    u"pool '%1': its window is not oldest first, or holds negative tokens"_s.arg(
                        pool.name));
            previous = admission.at;
            if (admission.lease == 0)
                continue;
            if (leases.value(admission.lease) != pool.name || admitted.contains(admission.lease))
                return refuse(
                    u"pool '%1': a window admission names %2, which is not an active lease of the pool or is named twice"_s
                        .arg(pool.name, formatRequestId(admission.lease)));
            admitted.insert(admission.lease);
        }
    }
    return Done{};
}

} // namespace sluice
