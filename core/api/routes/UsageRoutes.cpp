// Spend: usage, cost and credits per quota day, pool and tier (support).

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "engine/Engine.h"
#include "protocol/WireUsage.h"
#include "store/Store.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kDefaultDays = 30;
constexpr qint64 kMaxDays = 366;
} // namespace

void usageHistory(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<FieldError> errors;
    for (const auto &[key, value] : request.query) {
        if (key != u"days")
            errors.append(
                {key, u"unknown query parameter '%1' (expected: days)"_s.arg(key.left(40))});
    }
    const qint64 days = queryInteger(request, u"days"_s, kDefaultDays, 1, kMaxDays, &errors);
    if (rejectInvalid(errors, reply))
        return;
    const qint32 today = context.runtime.engine().today();
    const qint32 from = today - qint32(days) + 1;
    answerFromStoreWhenDurable<QList<PoolTierDay>>(
        context, reply,
        [from, today](const Store &store) { return store.usageHistoryByPoolTier(from, today); },
        [from, today](const QList<PoolTierDay> &cells) {
            QList<SpendDay> rows;
            for (const PoolTierDay &cell : cells)
                rows.append({cell.day, cell.pool, cell.tier, cell.totals.requests,
                             cell.totals.tokens(), cell.totals.costNanoUsd, cell.totals.credits});
            return ApiResponse::ok(spendHistoryToJson(rows, from, today));
        });
}

} // namespace sluice::routes
