#include "config/AlertRule.h"

#include "util/EnumNames.h"

namespace sluice {

namespace {
constexpr EnumNames kMetricNames{std::array{
    std::pair{AlertMetric::PoolConcurrency, u"pool_concurrency"},
    std::pair{AlertMetric::PoolRequestsPerMinute, u"pool_rpm"},
    std::pair{AlertMetric::PoolTokensPerMinute, u"pool_tpm"},
    std::pair{AlertMetric::PoolQueue, u"pool_queue"},
    std::pair{AlertMetric::TierDailyQuota, u"tier_daily"},
    std::pair{AlertMetric::UserDailyQuota, u"user_daily"},
}};
} // namespace

QString alertMetricName(AlertMetric metric)
{
    return kMetricNames.name(metric);
}

std::optional<AlertMetric> alertMetricFromName(QStringView name)
{
    return kMetricNames.value(name);
}

QStringList alertMetricNames()
{
    return kMetricNames.names();
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
