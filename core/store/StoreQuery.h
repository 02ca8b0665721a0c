#pragma once

#include "store/StoreRecords.h"
#include "util/Logging.h"
#include "util/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include <optional>
#include <type_traits>
#include <utility>

namespace sluice {

/// Internal to Store's read side (StoreReads.cpp, StoreUsageReads.cpp): runs `sql` with
/// positional `values` and calls `visit(query)` for each row. STORE_FAILED naming `what` (e.g.
/// "the audit log") and SQLite's reason when the query cannot run or a row cannot be read
/// (a closed store, a missing table, a disk error), so that a failed read is never taken for
/// an empty one.
template<typename Visit>
Result<Done> storeEach(const QSqlDatabase &db, QStringView what, const QString &sql,
                       const QVariantList &values, Visit visit)
{
    const auto failed = [&what, &sql](const QString &why) {
        qCWarning(lcStore) << "store query failed:" << sql << why;
        return Error{errors::kStoreFailed,
                     QStringLiteral("cannot read %1 from the store: %2").arg(what, why),
                     {}};
    };
    if (!db.isOpen())
        return failed(QStringLiteral("the store is closed"));
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    for (qsizetype i = 0; ok && i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!ok || !query.exec())
        return failed(query.lastError().text());
    while (query.next())
        visit(std::as_const(query));
    if (query.lastError().isValid())
        return failed(query.lastError().text());
    return Done{};
}

/// `value` when `read` worked; its error otherwise.
template<typename T> Result<T> readValue(const Result<Done> &read, T value)
{
    if (!read)
        return read.error();
    return value;
}

/// Each row made into a value by `make`.
template<typename Make>
auto storeRows(const QSqlDatabase &db, QStringView what, const QString &sql,
               const QVariantList &values, Make make)
    -> Result<QList<std::invoke_result_t<Make, const QSqlQuery &>>>
{
    QList<std::invoke_result_t<Make, const QSqlQuery &>> rows;
    const Result<Done> read =
        storeEach(db, what, sql, values, [&](const QSqlQuery &q) { rows.append(make(q)); });
    return readValue(read, std::move(rows));
}

/// The first row made into a value by `make`; nullopt when there is none.
template<typename Make>
auto storeRow(const QSqlDatabase &db, QStringView what, const QString &sql,
              const QVariantList &values, Make make)
    -> Result<std::optional<std::invoke_result_t<Make, const QSqlQuery &>>>
{
    std::optional<std::invoke_result_t<Make, const QSqlQuery &>> row;
    const Result<Done> read = storeEach(db, what, sql, values, [&](const QSqlQuery &q) {
        if (!row)
            row = make(q);
    });
    return readValue(read, std::move(row));
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
