#include "models/AlertNames.h"

#include "widgets/DisplayText.h"

namespace sluice {

using namespace Qt::StringLiterals;

QString AlertNames::metric(AlertMetric metric)
{
    switch (metric) {
    case AlertMetric::PoolConcurrency:
        return u"Concurrency"_s;
    case AlertMetric::PoolRequestsPerMinute:
        return u"Requests per minute"_s;
    case AlertMetric::PoolTokensPerMinute:
        return u"Tokens per minute"_s;
    case AlertMetric::PoolQueue:
        return u"Queue length"_s;
    case AlertMetric::TierDailyQuota:
        return u"Tier daily quota"_s;
    case AlertMetric::UserDailyQuota:
        return u"User daily quota"_s;
    }
    return {};
}

QString AlertNames::metric(const QString &wireName)
{
    if (wireName == u"test")
        return u"Test alert"_s;
    const std::optional<AlertMetric> known = alertMetricFromName(wireName);
    return known ? metric(*known) : wireName;
}

QString AlertNames::target(AlertMetric metric, const QString &target, bool ofAlert)
{
    if (isPoolMetric(metric))
        return target.isEmpty() ? u"every pool"_s : u"pool "_s + target;
    if (metric == AlertMetric::UserDailyQuota && ofAlert)
        return target.isEmpty() ? u"every user"_s : u"user "_s + target;
    return target.isEmpty() ? u"every tier"_s : u"tier "_s + target;
}

QString AlertNames::target(const QString &wireName, const QString &target)
{
    const std::optional<AlertMetric> known = alertMetricFromName(wireName);
    return known ? AlertNames::target(*known, target, true) : target;
}

QString AlertNames::rule(const AlertRule &rule)
{
    return metric(rule.metric) % u" of "_s % target(rule.metric, rule.target) % u" at "_s %
           display::percent(rule.threshold) % (rule.enabled ? QString() : u" (off)"_s);
}

} // namespace sluice
