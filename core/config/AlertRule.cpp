#include "config/AlertRule.h"

#include <array>
#include <utility>

namespace sluice {

namespace {
constexpr std::array kMetricNames{
    std::pair{AlertMetric::PoolConcurrency, u"pool_concurrency"},
    std::pair{AlertMetric::PoolRequestsPerMinute, u"pool_rpm"},
    std::pair{AlertMetric::PoolTokensPerMinute, u"pool_tpm"},
    std::pair{AlertMetric::PoolQueue, u"pool_queue"},
    std::pair{AlertMetric::TierDailyQuota, u"tier_daily"},
    std::pair{AlertMetric::UserDailyQuota, u"user_daily"},
};
} // namespace

QString alertMetricName(AlertMetric metric)
{
    for (const auto &[m, name] : kMetricNames) {
        if (m == metric)
            return QString::fromUtf16(name);
    }
    return QString();
}

std::optional<AlertMetric> alertMetricFromName(QStringView name)
{
    for (const auto &[m, text] : kMetricNames) {
        if (name == QStringView(text))
            return m;
    }
    return std::nullopt;
}

QStringList alertMetricNames()
{
    QStringList names;
    for (const auto &entry : kMetricNames)
        names << QString::fromUtf16(entry.second);
    return names;
}

bool isPoolMetric(AlertMetric metric)
{
    switch (metric) {
    case AlertMetric::PoolConcurrency:
    case AlertMetric::PoolRequestsPerMinute:
    case AlertMetric::PoolTokensPerMinute:
    case AlertMetric::PoolQueue:
        return true;
    case AlertMetric::TierDailyQuota:
    case AlertMetric::UserDailyQuota:
        return false;
    }
    return false;
}

} // namespace sluice
