#pragma once

#include "engine/SampleHistory.h"
#include "util/Error.h"

#include <QJsonObject>

namespace sluice {

/// JSON codec of the pools' recent history (GET /v1/samples), in columns so that an hour of
/// 1 s samples of 8 pools stays small:
///   {"now": ms, "interval_ms": 1000, "at": [ms, ...],
///    "pools": [{"pool": "anthropic", "in_use": [...], "requests": [...], "tokens": [...],
///               "waiting": [...]}, ...]}
/// Every list of a pool has one element per time in "at"; null where the pool did not exist.
/// Times increase. Reentrant.

QJsonObject sampleHistoryToJson(const SampleHistory &history);
/// Reports a column that is not one integer >= 0 (or null) per time, a null or decreasing time,
/// naming it, e.g. "pools[1].tokens[7] must be an integer >= 0 or null (got \"x\")".
SampleHistory sampleHistoryFromJson(const QJsonObject &object, QList<FieldError> *errors);

} // namespace sluice
