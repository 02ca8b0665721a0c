#pragma once

#include "config/EngineConfig.h"
#include "engine/EngineTypes.h"
#include "engine/QuotaDay.h"
#include "engine/UserTable.h"
#include "util/Clock.h"

#include <QSet>

#include <functional>
#include <vector>

namespace sluice {

/// Today's usage: each user's counters (kept in their UserRecord), the counters of each pool
/// and tier, how many users of each tier used something, the quota day they belong to, and
/// an optional index of the users near their daily request quota (for user-quota alerts).
/// Pools and tiers are the engine's dense indices, users UserTable indices.
///
/// Threading: belongs to the thread of the Engine that owns it. Time: only the injected
/// Clock's wall time, read by rollDay(); days go only forward.
/// Memory: 32 B per pool and tier, 8 B per tier, about 16 B per watched user.
class UsageLedger
{
public:
    /// Quota days, pools and tiers (their daily request limits) as `config` says; the day
    /// is the clock's. `users` must outlive the ledger.
    UsageLedger(const Clock &clock, UserTable &users, const EngineConfig &config);

    /// Takes a new configuration: today's counters move to new indices (poolMap[old]: the
    /// pool's new index, -1 if it was removed and its usage dropped; tierMap[old]: the new
    /// tier, several old tiers may add up in one). The watch index stays until the next
    /// watchUsersAbove(); the day does not change until rollDay().
    void reconfigure(const EngineConfig &config, const std::vector<int> &poolMap,
                     const std::vector<quint8> &tierMap);

    /// Starts a new quota day if the wall clock has reached one after today (a clock stepped
    /// back changes nothing). True if a new day began: every counter is zero again.
    bool rollDay()
    {
        const qint32 day = QuotaDay::of(m_clock.wallNow(), m_resetMinuteUtc);
        if (day <= m_today)
            return false;
        startDay(day);
        return true;
    }
    qint32 today() const { return m_today; }
    /// When the next quota day begins, in wall-clock ms.
    TimeMs nextReset() const { return QuotaDay::start(m_today + 1, m_resetMinuteUtc); }
    /// Zeroes a user's counters if they belong to an earlier day.
    void roll(UserRecord &user) const { UserTable::roll(user, m_today); }
    bool usedToday(const UserRecord &user) const
    {
        return user.day == m_today && user.requests > 0;
    }

    /// Adds to a user's counters and to those of a pool and tier; a user's first request of
    /// the day counts them among the tier's users. Negative amounts take back.
    void add(quint32 user, int pool, int tier, qint64 requests, qint64 tokens, qint64 costNanoUsd,
             qint64 credits);
    /// A user's tier changed (it may have a lower quota): indexes them if they reached it.
    void tierChanged(quint32 user);
    /// Restores a user's or a pool and tier's usage of today (counters.users is not used), or
    /// how many users of a tier made requests today (an imported EngineState).
    void restoreUser(quint32 user, qint64 requests, qint64 tokens, qint64 costNanoUsd,
                     qint64 credits);
    void restorePoolTier(int pool, int tier, const UsageCounters &counters);
    void restoreTierUsers(int tier, qint64 users) { m_tierUsers[size_t(tier)] += users; }

    /// Today's counters of a tier over all pools, with its number of users.
    UsageCounters tierUsage(int tier) const;
    UsageCounters poolTierUsage(int pool, int tier) const;
    /// Today's counters of a pool over all tiers (users not counted).
    UsageCounters poolUsage(int pool) const;

    /// Calls f(user, dailyRequestLimit) for every user with usage today, or, once
    /// watchUsersAbove() is set, for those in the index only.
    void forEachUserToday(
        const std::function<void(const QString &, const UserRecord &, qint64)> &f) const;
    /// Indexes the users at or above `fraction` (0-1) of their daily requests today, from
    /// every user at once, then as usage is added; a negative fraction turns the index off.
    void watchUsersAbove(double fraction);

private:
    void startDay(qint32 day);
    bool reachedWatch(const UserRecord &user) const;
    UsageCounters &poolTier(int pool, int tier);

    const Clock &m_clock;
    UserTable &m_users;
    int m_resetMinuteUtc = 0;
    std::vector<qint64> m_dailyRequests;             // [tier]
    std::vector<std::vector<UsageCounters>> m_usage; // [pool][tier]
    std::vector<qint64> m_tierUsers;                 // [tier]
    qint32 m_today = 0;
    double m_watchFraction = -1; ///< < 0: no index of users near their quota
    QSet<quint32> m_watched;     ///< users at or above m_watchFraction of their quota today
};

} // namespace sluice
