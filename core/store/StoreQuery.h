#pragma once

#include "store/StoreRecords.h"
#include "util/Logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace sluice {

/// Internal to Store's read side (StoreReads.cpp, StoreUsageReads.cpp): runs `sql` with
/// positional `values`; on failure logs to lcStore and returns an inactive query.
inline QSqlQuery storeSelect(const QSqlDatabase &db, const QString &sql,
                             const QVariantList &values = {})
{
    if (!db.isOpen()) {
        qCWarning(lcStore) << "store query on a closed store:" << sql;
        return QSqlQuery();
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    for (qsizetype i = 0; ok && i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    ok = ok && query.exec();
    if (!ok)
        qCWarning(lcStore) << "store query failed:" << sql << query.lastError().text();
    return query;
}

/// The sums that make a UsageTotals, in usageTotals()'s column order.
inline constexpr auto kUsageSums = "sum(requests), sum(input_tokens), sum(output_tokens),"
                                   " sum(cost_nano_usd), sum(credits)";

/// Columns `first` .. `first + 4` (kUsageSums): requests, input and output tokens, cost, credits.
inline UsageTotals usageTotals(const QSqlQuery &query, int first)
{
    return UsageTotals{query.value(first).toLongLong(), query.value(first + 1).toLongLong(),
                       query.value(first + 2).toLongLong(), query.value(first + 3).toLongLong(),
                       query.value(first + 4).toLongLong()};
}

} // namespace sluice
