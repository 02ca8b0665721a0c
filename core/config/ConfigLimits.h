#pragma once

#include "util/Error.h"

#include <QString>

#include <optional>
#include <span>

namespace sluice {

/// Where a bounded field lives in the configuration.
enum class LimitScope : quint8 { Global, Pool, Retry, Tier, AlertRule, Pricing };

/// Every bounded field of the configuration, one entry each in configLimits().
enum class LimitField : quint8 {
    QuotaResetMinuteUtc,
    AgingMs,
    MaxConcurrent,
    RequestsPerMinute,
    TokensPerMinute,
    MaxQueueLength,
    QueueTimeoutMs,
    LeaseIdleTimeoutMs,
    MaxRetries,
    BaseDelayMs,
    MaxDelayMs,
    BackoffFactor,
    DailyRequests,
    DailyTokens,
    DailyCostUsd,
    Priority,
    MaxConcurrentPerUser,
    Threshold,
    ClearBelow,
    PendingMs,
    InputPerMillion,
    OutputPerMillion,
};

/// The allowed range of one field (SPEC section 3, "Configuration limits"), read by the
/// validator, the readers and the dashboard's forms alike. Bounds are inclusive.
struct ConfigLimit
{
    LimitField field;
    LimitScope scope;
    QLatin1StringView key;    ///< the snake_case config key, e.g. "requests_per_minute"
    double min;
    double max;
    bool integral;            ///< whole numbers only
    int decimals;             ///< digits after the point a form offers; 0 when integral
    QLatin1StringView unit;   ///< e.g. "requests/min", "ms"; empty for plain numbers
    QLatin1StringView label;  ///< e.g. "Requests per minute"
};

/// Most pools and most tiers one configuration may hold.
inline constexpr int kMaxPools = 255;
inline constexpr int kMaxTiers = 255;

/// The whole table, in LimitField order. Immutable; safe from any thread.
std::span<const ConfigLimit> configLimits();
const ConfigLimit &configLimit(LimitField field);
/// The entry for a config key in a scope; nullptr when that key is not bounded.
const ConfigLimit *findConfigLimit(LimitScope scope, QStringView key);

/// A number as the configuration writes it: whole numbers without a point
/// ("100000"), others in the shortest exact form ("0.01").
QString formatConfigNumber(double value);
/// A field's range as a phrase, e.g. "between 1 and 100000".
QString describeRange(LimitField field);
/// What a field takes, e.g. "an integer between 1 and 100000", "a number between 1 and 5".
QString describeExpected(LimitField field);

/// nullopt when `value` is inside the field's range; otherwise an error for `path`:
/// "<path> must be between <min> and <max> (got <value>)". NaN is outside every range; a
/// fraction for an integral field gets "<path> must be an integer between ...".
std::optional<FieldError> checkLimit(LimitField field, const QString &path, double value);
std::optional<FieldError> checkLimit(LimitField field, const QString &path, qint64 value);

} // namespace sluice
