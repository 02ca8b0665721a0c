#pragma once

#include "protocol/ApiTypes.h"
#include "util/Error.h"

#include <QJsonObject>

namespace sluice {

/// JSON codec of the spend history (GET /v1/usage/history), with the rules of WireEngine.h:
/// {"from_day", "to_day", "from", "to", "days": [{"day", "date", "pool", "tier", "requests",
/// "tokens", "cost_nano_usd", "credits"}]}, days oldest first, (pool, tier) cells without
/// usage left out; "date" is the quota day's UTC date (YYYY-MM-DD). Reentrant.
QJsonObject spendHistoryToJson(const QList<SpendDay> &days, qint32 fromDay, qint32 toDay);
QList<SpendDay> spendHistoryFromJson(const QJsonObject &object, QList<FieldError> *errors);

} // namespace sluice
