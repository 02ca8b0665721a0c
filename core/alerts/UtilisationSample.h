#pragma once

#include "config/AlertRule.h"

#include <QString>

namespace sluice {

/// How much of one limit is in use right now, e.g. pool "anthropic" holds 4 of its 5
/// concurrency slots. Utilisation is used / limit; a limit <= 0 means unlimited, which
/// never alerts. `target` is the pool, tier or user the limit belongs to. Plain value.
struct UtilisationSample
{
    AlertMetric metric = AlertMetric::PoolConcurrency;
    QString target;
    qint64 used = 0;
    qint64 limit = 0;
};

} // namespace sluice
