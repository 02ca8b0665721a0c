#include "config/ConfigLimits.h"

#include <QLocale>

#include <array>
#include <cmath>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;
using enum LimitField;
using enum LimitScope;

constexpr std::array kLimits{
    ConfigLimit{QuotaResetMinuteUtc, Global, "quota_reset_minute_utc"_L1, 0, 1439, true, 0,
                "min after 00:00 UTC"_L1, "Daily quota reset"_L1},
    ConfigLimit{AgingMs, Global, "aging_ms"_L1, 0, 3'600'000, true, 0, "ms"_L1,
                "Priority aging"_L1},
    ConfigLimit{MaxConcurrent, Pool, "max_concurrent"_L1, 1, 10'000, true, 0, "requests"_L1,
                "Concurrent requests"_L1},
    ConfigLimit{RequestsPerMinute, Pool, "requests_per_minute"_L1, 1, 100'000, true, 0,
                "requests/min"_L1, "Requests per minute"_L1},
    ConfigLimit{TokensPerMinute, Pool, "tokens_per_minute"_L1, 1, 100'000'000, true, 0,
                "tokens/min"_L1, "Tokens per minute"_L1},
    ConfigLimit{MaxQueueLength, Pool, "max_queue_length"_L1, 0, 1'000'000, true, 0,
                "requests"_L1, "Maximum queue length"_L1},
    ConfigLimit{QueueTimeoutMs, Pool, "queue_timeout_ms"_L1, 1000, 86'400'000, true, 0, "ms"_L1,
                "Queue timeout"_L1},
    ConfigLimit{LeaseIdleTimeoutMs, Pool, "lease_idle_timeout_ms"_L1, 1000, 86'400'000, true, 0,
                "ms"_L1, "Lease idle timeout"_L1},
    ConfigLimit{MaxRetries, Retry, "max_retries"_L1, 0, 10, true, 0, "retries"_L1,
                "Maximum retries"_L1},
    ConfigLimit{BaseDelayMs, Retry, "base_delay_ms"_L1, 100, 10'000, true, 0, "ms"_L1,
                "Base delay"_L1},
    ConfigLimit{MaxDelayMs, Retry, "max_delay_ms"_L1, 1000, 120'000, true, 0, "ms"_L1,
                "Maximum delay"_L1},
    ConfigLimit{BackoffFactor, Retry, "backoff_factor"_L1, 1, 5, false, 2, "x"_L1,
                "Backoff factor"_L1},
    ConfigLimit{DailyRequests, Tier, "daily_requests"_L1, 0, 1'000'000'000, true, 0,
                "requests/day"_L1, "Daily requests"_L1},
    ConfigLimit{DailyTokens, Tier, "daily_tokens"_L1, 1, 1'000'000'000'000, true, 0,
                "tokens/day"_L1, "Daily tokens"_L1},
    ConfigLimit{DailyCostUsd, Tier, "daily_cost_usd"_L1, 0.01, 1'000'000, false, 2,
                "USD/day"_L1, "Daily cost"_L1},
    ConfigLimit{Priority, Tier, "priority"_L1, 0, 1000, true, 0, ""_L1, "Priority"_L1},
    ConfigLimit{MaxConcurrentPerUser, Tier, "max_concurrent_per_user"_L1, 1, 10'000, true, 0,
                "requests"_L1, "Concurrent requests per user"_L1},
    ConfigLimit{Threshold, LimitScope::AlertRule, "threshold"_L1, 0.01, 1, false, 2,
                "of the limit"_L1, "Alert threshold"_L1},
    ConfigLimit{ClearBelow, LimitScope::AlertRule, "clear_below"_L1, 0, 1, false, 2,
                "of the limit"_L1, "Clear below"_L1},
    ConfigLimit{PendingMs, LimitScope::AlertRule, "pending_ms"_L1, 0, 86'400'000, true, 0,
                "ms"_L1, "Pending time"_L1},
    ConfigLimit{InputPerMillion, Pricing, "input_per_million"_L1, 0, 100'000, false, 4,
                "USD/1M tokens"_L1, "Input price"_L1},
    ConfigLimit{OutputPerMillion, Pricing, "output_per_million"_L1, 0, 100'000, false, 4,
                "USD/1M tokens"_L1, "Output price"_L1},
};

constexpr bool tableFollowsEnumOrder()
{
    for (std::size_t i = 0; i < kLimits.size(); ++i) {
        if (std::size_t(kLimits[i].field) != i)
            return false;
    }
    return std::size_t(OutputPerMillion) + 1 == kLimits.size();
}
static_assert(tableFollowsEnumOrder(), "kLimits must list every LimitField in enum order");

FieldError rangeError(const QString &path, const QString &expected, const QString &got)
{
    return {path, path % u" must be "_s % expected % u" (got "_s % got % u')'};
}
} // namespace

std::span<const ConfigLimit> configLimits()
{
    return kLimits;
}

const ConfigLimit &configLimit(LimitField field)
{
    return kLimits[std::size_t(field)];
}

const ConfigLimit *findConfigLimit(LimitScope scope, QStringView key)
{
    for (const ConfigLimit &limit : kLimits) {
        if (limit.scope == scope && limit.key == key)
            return &limit;
    }
    return nullptr;
}

QString formatConfigNumber(double value)
{
    constexpr double kExactIntegers = 9'007'199'254'740'992.0;  // 2^53
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < kExactIntegers)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString describeRange(LimitField field)
{
    const ConfigLimit &limit = configLimit(field);
    return u"between "_s % formatConfigNumber(limit.min) % u" and "_s
           % formatConfigNumber(limit.max);
}

QString describeExpected(LimitField field)
{
    return (configLimit(field).integral ? u"an integer "_s : u"a number "_s)
           % describeRange(field);
}

std::optional<FieldError> checkLimit(LimitField field, const QString &path, double value)
{
    const ConfigLimit &limit = configLimit(field);
    const bool whole = value == std::trunc(value);
    if (limit.integral && !whole)
        return rangeError(path, describeExpected(field), formatConfigNumber(value));
    if (value >= limit.min && value <= limit.max)
        return std::nullopt;
    return rangeError(path, describeRange(field), formatConfigNumber(value));
}

std::optional<FieldError> checkLimit(LimitField field, const QString &path, qint64 value)
{
    const ConfigLimit &limit = configLimit(field);
    if (double(value) >= limit.min && double(value) <= limit.max)
        return std::nullopt;
    return rangeError(path, describeRange(field), QString::number(value));
}

} // namespace sluice
