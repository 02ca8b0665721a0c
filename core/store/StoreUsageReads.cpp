// The read side of Store for usage, spend and rejections: today's totals (start-up), a
// user's days, every pool and tier's days, a user's rejections.
#include "store/Store.h"

#include "store/StoreQuery.h"

using namespace Qt::StringLiterals;

namespace sluice {

Result<QHash<QString, UsageTotals>> Store::usageTotalsByUser(qint32 day) const
{
    QHash<QString, UsageTotals> totals;
    const Result<Done> read =
        storeEach(m_db, u"today's usage",
                  u"SELECT user, %1 FROM usage_daily WHERE day = ? GROUP BY user"_s.arg(
                      QLatin1StringView(kUsageSums)),
                  {day}, [&totals](const QSqlQuery &q) {
                      totals.insert(q.value(0).toString(), usageTotals(q, 1));
                  });
    return readValue(read, std::move(totals));
}

Result<QList<TierUsage>> Store::usageByTier(qint32 day) const
{
    return storeRows(
        m_db, u"the usage per tier",
        u"SELECT tier, count(DISTINCT user), %1 FROM usage_daily WHERE day = ?"
        " GROUP BY tier ORDER BY tier"_s.arg(QLatin1StringView(kUsageSums)),
        {day}, [](const QSqlQuery &q) {
            return TierUsage{q.value(0).toString(), q.value(1).toLongLong(), usageTotals(q, 2)};
        });
}

Result<QList<PoolTierUsage>> Store::usageByPoolTier(qint32 day) const
{
    return storeRows(
        m_db, u"the usage per pool and tier",
        u"SELECT pool, tier, %1 FROM usage_daily WHERE day = ?"
        " GROUP BY pool, tier ORDER BY pool, tier"_s.arg(QLatin1StringView(kUsageSums)),
        {day}, [](const QSqlQuery &q) {
            return PoolTierUsage{q.value(0).toString(), q.value(1).toString(), usageTotals(q, 2)};
        });
}

Result<QList<DayUsage>> Store::userUsageHistory(const QString &user, qint32 fromDay,
                                                qint32 toDay) const
{
    return storeRows(m_db, u"the user's usage history",
                     u"SELECT day, %1 FROM usage_daily WHERE user = ? AND day BETWEEN ? AND ?"
                     " GROUP BY day ORDER BY day"_s.arg(QLatin1StringView(kUsageSums)),
                     {user, fromDay, toDay}, [](const QSqlQuery &q) {
                         return DayUsage{q.value(0).toInt(), usageTotals(q, 1)};
                     });
}

Result<QList<PoolTierDay>> Store::usageHistoryByPoolTier(qint32 fromDay, qint32 toDay) const
{
    return storeRows(
        m_db, u"the usage history",
        u"SELECT day, pool, tier, %1 FROM usage_daily WHERE day BETWEEN ? AND ?"
        " GROUP BY day, pool, tier ORDER BY day, pool, tier"_s.arg(QLatin1StringView(kUsageSums)),
        {fromDay, toDay}, [](const QSqlQuery &q) {
            return PoolTierDay{q.value(0).toInt(), q.value(1).toString(), q.value(2).toString(),
                               usageTotals(q, 3)};
        });
}

Result<QList<RejectionRecord>> Store::rejections(const QString &user, qint32 day, int limit) const
{
    return storeRows(m_db, u"the user's rejections",
                     u"SELECT id, at, day, user, pool, reason, message FROM rejections"
                     " WHERE user = ? AND day = ? ORDER BY id DESC LIMIT ?"_s,
                     {user, day, limit > 0 ? limit : -1}, [](const QSqlQuery &q) {
                         return RejectionRecord{q.value(0).toLongLong(), q.value(1).toLongLong(),
                                                q.value(2).toInt(),      q.value(3).toString(),
                                                q.value(4).toString(),   q.value(5).toString(),
                                                q.value(6).toString()};
                     });
}

Result<qint64> Store::rejectionCount() const
{
    return scalar(u"the rejections' count", u"SELECT count(*) FROM rejections"_s);
}

} // namespace sluice
