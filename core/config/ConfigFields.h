#pragma once

// Internal to core/config: the one list of each configuration struct's fields, walked by
// the readers, the JSON writer, the validator and the environment overrides alike.
// A visitor provides
//   field(LimitField, T &number)         bounded numbers, T = int, qint64, double or optional
//   field(QLatin1StringView key, T &v)   T = QString, bool or AlertMetric
//   section(QLatin1StringView key, RetrySettings &)
// Names (pool and tier name, price model, alert rule id) are not visited: each format keeps
// them its own way (TOML table keys, JSON "name" members).

#include "config/ConfigLimits.h"
#include "config/EngineConfig.h"

#include <QAnyStringView>

#include <optional>
#include <type_traits>

namespace sluice::fields {

template<typename T>
inline constexpr bool isOptional = false;
template<typename T>
inline constexpr bool isOptional<std::optional<T>> = true;

template<typename Config, typename Visitor>
void visitGlobal(Config &config, Visitor &visitor)
{
    using namespace Qt::StringLiterals;
    visitor.field("default_tier"_L1, config.defaultTier);
    visitor.field(LimitField::QuotaResetMinuteUtc, config.quotaResetMinuteUtc);
    visitor.field(LimitField::AgingMs, config.agingMs);
    visitor.field("alert_webhook_url"_L1, config.alertWebhookUrl);
}

template<typename Retry, typename Visitor>
void visitRetry(Retry &retry, Visitor &visitor)
{
    visitor.field(LimitField::MaxRetries, retry.maxRetries);
    visitor.field(LimitField::BaseDelayMs, retry.baseDelayMs);
    visitor.field(LimitField::MaxDelayMs, retry.maxDelayMs);
    visitor.field(LimitField::BackoffFactor, retry.backoffFactor);
}

template<typename Pool, typename Visitor>
void visitPool(Pool &pool, Visitor &visitor)
{
    using namespace Qt::StringLiterals;
    visitor.field(LimitField::MaxConcurrent, pool.maxConcurrent);
    visitor.field(LimitField::RequestsPerMinute, pool.requestsPerMinute);
    visitor.field(LimitField::TokensPerMinute, pool.tokensPerMinute);
    visitor.field(LimitField::MaxQueueLength, pool.maxQueueLength);
    visitor.field(LimitField::QueueTimeoutMs, pool.queueTimeoutMs);
    visitor.field(LimitField::LeaseIdleTimeoutMs, pool.leaseIdleTimeoutMs);
    visitor.field("upstream_url"_L1, pool.upstreamUrl);
    visitor.field("upstream_key_env"_L1, pool.upstreamKeyEnv);
    visitor.field("upstream_auth_header"_L1, pool.upstreamAuthHeader);
    visitor.field("redis_down"_L1, pool.redisDown);
    visitor.section("retry"_L1, pool.retry);
}

template<typename Tier, typename Visitor>
void visitTier(Tier &tier, Visitor &visitor)
{
    visitor.field(LimitField::DailyRequests, tier.dailyRequests);
    visitor.field(LimitField::DailyTokens, tier.dailyTokens);
    visitor.field(LimitField::DailyCostUsd, tier.dailyCostUsd);
    visitor.field(LimitField::Priority, tier.priority);
    visitor.field(LimitField::MaxConcurrentPerUser, tier.maxConcurrentPerUser);
}

template<typename Price, typename Visitor>
void visitPrice(Price &price, Visitor &visitor)
{
    visitor.field(LimitField::InputPerMillion, price.inputPerMillionUsd);
    visitor.field(LimitField::OutputPerMillion, price.outputPerMillionUsd);
}

template<typename Rule, typename Visitor>
void visitAlertRule(Rule &rule, Visitor &visitor)
{
    using namespace Qt::StringLiterals;
    visitor.field("metric"_L1, rule.metric);
    visitor.field("target"_L1, rule.target);
    visitor.field(LimitField::Threshold, rule.threshold);
    visitor.field(LimitField::ClearBelow, rule.clearBelow);
    visitor.field(LimitField::PendingMs, rule.pendingMs);
    visitor.field("enabled"_L1, rule.enabled);
}

/// `parent.key`, or `key` at the top level.
inline QString childPath(const QString &parent, QAnyStringView key)
{
    return parent.isEmpty() ? key.toString() : parent + QLatin1Char('.') + key.toString();
}

/// `list.name` for a named entry, `list[index]` for one without a name yet.
inline QString itemPath(QLatin1StringView list, const QString &name, qsizetype index)
{
    if (!name.isEmpty())
        return list + QLatin1Char('.') + name;
    return list + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

/// Stores a number already checked against the field's range (so the cast is exact).
template<typename T>
void assignNumber(T &target, double value)
{
    if constexpr (isOptional<T>)
        target = static_cast<typename T::value_type>(value);
    else
        target = static_cast<T>(value);
}

/// A bounded field's value as people read it; "unlimited" for an absent optional limit.
template<typename T>
QString formatNumber(const T &value)
{
    if constexpr (isOptional<T>)
        return value ? formatNumber(*value) : QStringLiteral("unlimited");
    else if constexpr (std::is_integral_v<T>)
        return QString::number(qint64(value));
    else
        return formatConfigNumber(value);
}

} // namespace sluice::fields
