#pragma once

#include "config/AlertRule.h"

#include <QString>

namespace sluice::detail {

/// Wire name of a metric as stored in AlertRecord::metric, e.g. "pool_concurrency".

/// Human text of an alert, e.g. "anthropic concurrency at 80% (4 of 5)".
QString alertMessage(AlertMetric metric, const QString &target, qint64 used, qint64 limit);

/// Utilisation as a whole percentage, rounded down, e.g. 4 of 5 -> 80.
qint64 utilisationPercent(qint64 used, qint64 limit);

} // namespace sluice::detail
