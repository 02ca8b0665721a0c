#include "alerts/AlertText.h"

#include <QtNumeric>

#include <cmath>

namespace sluice::detail {

using namespace Qt::StringLiterals;

qint64 utilisationPercent(qint64 used, qint64 limit)
{
    if (limit <= 0 || used <= 0)
        return 0;
    qint64 scaled = 0;
    if (!qMulOverflow(used, qint64(100), &scaled))
        return scaled / limit;
    return qint64(std::floor(double(used) / double(limit) * 100.0));
}

QString alertMessage(AlertMetric metric, const QString &target, qint64 used, qint64 limit)
{
    QString pattern;
    switch (metric) {
    case AlertMetric::PoolConcurrency:
        pattern = u"%1 concurrency at %2% (%3 of %4)"_s;
        break;
    case AlertMetric::PoolRequestsPerMinute:
        pattern = u"%1 requests per minute at %2% (%3 of %4)"_s;
        break;
    case AlertMetric::PoolTokensPerMinute:
        pattern = u"%1 tokens per minute at %2% (%3 of %4)"_s;
        break;
    case AlertMetric::PoolQueue:
        pattern = u"%1 queue at %2% (%3 of %4 waiting)"_s;
        break;
    case AlertMetric::TierDailyQuota:
        pattern = u"tier %1 daily quota at %2% (%3 of %4 requests)"_s;
        break;
    case AlertMetric::UserDailyQuota:
        pattern = u"user %1 daily quota at %2% (%3 of %4 requests)"_s;
        break;
    }
    return pattern.arg(target, QString::number(utilisationPercent(used, limit)),
                       QString::number(used), QString::number(limit));
}

} // namespace sluice::detail
