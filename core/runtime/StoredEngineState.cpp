#include "runtime/StoredEngineState.h"

#include "engine/Engine.h"
#include "engine/SlidingWindow.h"
#include "store/Store.h"
#include "util/Logging.h"

#include <QSet>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

/// The users of the state, found by id.
class Users
{
public:
    explicit Users(QList<EngineState::User> &list)
        : m_list(list)
    {}
    EngineState::User &obtain(const QString &id, const QString &tier)
    {
        if (const auto it = m_at.constFind(id); it != m_at.cend())
            return m_list[*it];
        m_at.insert(id, m_list.size());
        m_list.append({id, tier});
        return m_list.last();
    }

private:
    QList<EngineState::User> &m_list;
    QHash<QString, qsizetype> m_at;
};

/// The pool's admissions of its stored window seconds, each counted as of the end of its
/// second (never less than it was), the first of a second carrying its tokens.
void addWindowSecond(PoolState &pool, const WindowSecond &second, TimeMs now)
{
    const TimeMs at = std::min<TimeMs>(second.second * 1000 + 999, now);
    if (at + SlidingWindow::kLengthMs <= now)
        return;
    for (qint64 i = 0; i < second.requests; ++i)
        pool.window.append({at, i == 0 ? std::max<qint64>(second.tokens, 0) : 0, 0});
}

} // namespace

Result<EngineState> storedEngineState(const Store &store, const Engine &engine,
                                      quint32 generationFloor)
{
    const EngineConfig &config = engine.config();
    const TimeMs now = engine.now();
    EngineState state;
    state.day = engine.today();
    state.nextGeneration = std::max<quint32>(generationFloor, 1);
    const auto knownTier = [&config](const QString &tier) {
        return config.tier(tier) != nullptr;
    };
    const auto knownPool = [&config](const QString &pool) {
        return config.pool(pool) != nullptr;
    };

    Users users(state.users);
    const Result<QHash<QString, QString>> pinned = store.loadUserTiers();
    const Result<QHash<QString, UsageTotals>> usage = store.usageTotalsByUser(state.day);
    const Result<QList<PoolTierUsage>> cells = store.usageByPoolTier(state.day);
    const Result<QList<TierUsage>> tiers = store.usageByTier(state.day);
    const qint64 windowStart = (now - SlidingWindow::kLengthMs) / 1000 - 1;
    const Result<QList<WindowSecond>> seconds = store.loadWindow(windowStart);
    const Result<QList<RequestRow>> rows = store.loadRequests();
    if (const std::optional<Error> failed =
            firstFailure(pinned, usage, cells, tiers, seconds, rows))
        return *failed;
    for (auto it = pinned->cbegin(); it != pinned->cend(); ++it) {
        if (!knownTier(it.value())) {
            qCWarning(lcEngine) << "user" << it.key() << "was pinned to the removed tier"
                                << it.value();
            continue;
        }
        users.obtain(it.key(), it.value()).tierPinned = true;
    }
    for (auto it = usage->cbegin(); it != usage->cend(); ++it) {
        EngineState::User &user = users.obtain(it.key(), config.defaultTier);
        user.requests += it->requests;
        user.tokens += it->tokens();
        user.costNanoUsd += it->costNanoUsd;
        user.credits += it->credits;
    }
    for (const PoolTierUsage &cell : *cells) {
        if (knownPool(cell.pool) && knownTier(cell.tier))
            state.usage.append({cell.pool,
                                cell.tier,
                                {cell.totals.requests, cell.totals.tokens(),
                                 cell.totals.costNanoUsd, cell.totals.credits}});
    }
    for (const TierUsage &tier : *tiers) {
        if (knownTier(tier.tier))
            state.tierUsers.insert(tier.tier, tier.users);
    }

    QHash<QString, PoolState> pools; // the pools with stored window seconds
    for (const WindowSecond &second : *seconds) {
        if (!knownPool(second.pool))
            continue;
        PoolState &pool = pools[second.pool];
        pool.name = second.pool;
        addWindowSecond(pool, second, now);
    }
    QHash<QString, QList<PoolState::Admission>> leaseWindows; // pools without stored seconds
    QSet<quint32> taken;
    for (RequestRow row : *rows) {
        if (!knownPool(row.pool) || row.id == 0 || taken.contains(quint32(row.id))) {
            qCWarning(lcEngine) << "dropping stored request" << formatRequestId(row.id)
                                << "of unknown pool" << row.pool;
            continue;
        }
        taken.insert(quint32(row.id));
        if (!knownTier(row.tier))
            row.tier = config.defaultTier;
        EngineState::User &user = users.obtain(row.user, row.tier);
        if (!user.tierPinned)
            user.tier = row.tier;
        const bool active = row.state == RequestRow::State::Active;
        if (active && !pools.contains(row.pool) && row.grantedAt + SlidingWindow::kLengthMs > now)
            leaseWindows[row.pool].append({row.grantedAt, row.tokens, row.id});
        state.requests.append(row);
    }
    for (auto it = leaseWindows.begin(); it != leaseWindows.end(); ++it) {
        PoolState &pool = pools[it.key()];
        pool.name = it.key();
        pool.window = std::move(*it);
    }
    for (const PoolConfig &configured : config.pools) {
        if (!pools.contains(configured.name))
            continue;
        PoolState &pool = pools[configured.name];
        std::stable_sort(pool.window.begin(), pool.window.end(),
                         [](const auto &a, const auto &b) { return a.at < b.at; });
        state.pools.append(pool);
    }
    return state;
}

} // namespace sluice
