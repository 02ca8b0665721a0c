#include "engine/UsageLedger.h"

#include <algorithm>

namespace sluice {

namespace {
void addTo(UsageCounters &target, const UsageCounters &amount)
{
    target.requests += amount.requests;
    target.tokens += amount.tokens;
    target.costNanoUsd += amount.costNanoUsd;
    target.credits += amount.credits;
}

std::vector<qint64> dailyRequestsOf(const EngineConfig &config)
{
    std::vector<qint64> limits;
    limits.reserve(size_t(config.tiers.size()));
    for (const TierConfig &tier : config.tiers)
        limits.push_back(tier.dailyRequests);
    return limits;
}
} // namespace

UsageLedger::UsageLedger(const Clock &clock, UserTable &users, const EngineConfig &config)
    : m_clock(clock)
    , m_users(users)
    , m_resetMinuteUtc(config.quotaResetMinuteUtc)
    , m_dailyRequests(dailyRequestsOf(config))
    , m_usage(size_t(config.pools.size()), std::vector<UsageCounters>(m_dailyRequests.size()))
    , m_tierUsers(m_dailyRequests.size(), 0)
    , m_today(QuotaDay::of(clock.wallNow(), config.quotaResetMinuteUtc))
{}

void UsageLedger::reconfigure(const EngineConfig &config, const std::vector<int> &poolMap,
                              const std::vector<quint8> &tierMap)
{
    m_resetMinuteUtc = config.quotaResetMinuteUtc;
    m_dailyRequests = dailyRequestsOf(config);
    const size_t tiers = m_dailyRequests.size();
    std::vector<std::vector<UsageCounters>> usage(size_t(config.pools.size()),
                                                  std::vector<UsageCounters>(tiers));
    std::vector<qint64> tierUsers(tiers, 0);
    for (size_t pool = 0; pool < m_usage.size() && pool < poolMap.size(); ++pool) {
        if (poolMap[pool] < 0)
            continue;
        const auto &oldRow = m_usage[pool];
        for (size_t tier = 0; tier < oldRow.size() && tier < tierMap.size(); ++tier)
            addTo(usage[size_t(poolMap[pool])][tierMap[tier]], oldRow[tier]);
    }
    for (size_t tier = 0; tier < m_tierUsers.size() && tier < tierMap.size(); ++tier)
        tierUsers[tierMap[tier]] += m_tierUsers[tier];
    m_usage = std::move(usage);
    m_tierUsers = std::move(tierUsers);
}

void UsageLedger::startDay(qint32 day)
{
    m_today = day;
    m_watched.clear(); // a new quota day: nobody has used anything yet
    for (auto &row : m_usage)
        std::fill(row.begin(), row.end(), UsageCounters{});
    std::fill(m_tierUsers.begin(), m_tierUsers.end(), 0);
}

void UsageLedger::add(quint32 index, int pool, int tier, qint64 requests, qint64 tokens,
                      qint64 costNanoUsd, qint64 credits)
{
    UserRecord &user = m_users[index];
    roll(user);
    if (user.requests == 0 && requests > 0 && size_t(tier) < m_tierUsers.size())
        ++m_tierUsers[size_t(tier)];
    user.requests += requests;
    user.tokens += tokens;
    user.costNanoUsd += costNanoUsd;
    user.credits += credits;
    if (m_watchFraction >= 0 && requests > 0 && reachedWatch(user))
        m_watched.insert(index);
    addTo(poolTier(pool, tier), UsageCounters{requests, tokens, costNanoUsd, credits});
}

void UsageLedger::tierChanged(quint32 index)
{
    if (m_watchFraction >= 0 && reachedWatch(m_users[index]))
        m_watched.insert(index);
}

void UsageLedger::restoreUser(quint32 index, qint64 requests, qint64 tokens, qint64 costNanoUsd,
                              qint64 credits)
{
    UserRecord &user = m_users[index];
    roll(user);
    user.requests += requests;
    user.tokens += tokens;
    user.costNanoUsd += costNanoUsd;
    user.credits += credits;
}

void UsageLedger::restorePoolTier(int pool, int tier, const UsageCounters &counters)
{
    addTo(poolTier(pool, tier), counters);
}

UsageCounters &UsageLedger::poolTier(int pool, int tier)
{
    auto &row = m_usage[size_t(pool)];
    if (size_t(tier) >= row.size())
        row.resize(size_t(tier) + 1);
    return row[size_t(tier)];
}

UsageCounters UsageLedger::tierUsage(int tier) const
{
    UsageCounters sum;
    for (const auto &row : m_usage) {
        if (size_t(tier) < row.size())
            addTo(sum, row[size_t(tier)]);
    }
    sum.users = size_t(tier) < m_tierUsers.size() ? m_tierUsers[size_t(tier)] : 0;
    return sum;
}

UsageCounters UsageLedger::poolTierUsage(int pool, int tier) const
{
    if (pool < 0 || tier < 0 || size_t(pool) >= m_usage.size() ||
        size_t(tier) >= m_usage[size_t(pool)].size())
        return {};
    return m_usage[size_t(pool)][size_t(tier)];
}

UsageCounters UsageLedger::poolUsage(int pool) const
{
    UsageCounters sum;
    if (pool < 0 || size_t(pool) >= m_usage.size())
        return sum;
    for (const UsageCounters &cell : m_usage[size_t(pool)])
        addTo(sum, cell);
    return sum;
}

void UsageLedger::forEachUserToday(
    const std::function<void(const QString &, const UserRecord &, qint64)> &f) const
{
    const auto visit = [&](quint32 index) {
        const UserRecord &user = m_users[index];
        if (usedToday(user)) // a free index's record is reset: never used today
            f(m_users.id(index), user, m_dailyRequests[user.tier]);
    };
    if (m_watchFraction >= 0) {
        for (const quint32 index : m_watched)
            visit(index);
        return;
    }
    for (qsizetype i = 0; i < m_users.size(); ++i)
        visit(quint32(i));
}

bool UsageLedger::reachedWatch(const UserRecord &user) const
{
    const qint64 limit = m_dailyRequests[user.tier];
    return usedToday(user) &&
           (limit <= 0 || double(user.requests) >= m_watchFraction * double(limit));
}

void UsageLedger::watchUsersAbove(double fraction)
{
    m_watchFraction = fraction;
    m_watched.clear();
    if (fraction < 0)
        return;
    for (qsizetype i = 0; i < m_users.size(); ++i) {
        const UserRecord &user = m_users[quint32(i)];
        if (!m_users.id(quint32(i)).isEmpty() && reachedWatch(user))
            m_watched.insert(quint32(i));
    }
}

} // namespace sluice
