#pragma once

#include "config/EngineConfig.h"
#include "util/Error.h"

namespace sluice {

/// Every problem of a configuration, all of them rather than the first: each range of
/// ConfigLimits; pool and tier names (non-empty, unique, `[a-z0-9][a-z0-9_-]{0,63}`); at
/// least one and at most 255 pools and tiers; the default tier exists; retry max_delay_ms >=
/// base_delay_ms; http(s) URLs; the upstream auth header; pricing models non-empty and
/// unique; alert rule ids (like names, unique), clear_below < threshold, and targets naming
/// an existing pool (pool metrics) or tier (tier and user metrics). Empty: valid. Reentrant.
QList<FieldError> validateConfig(const EngineConfig &config);

/// The checks of one pool or tier on its own (ranges, name, URL, header), without the
/// checks across the configuration (uniqueness, references).
QList<FieldError> validatePool(const PoolConfig &pool, qsizetype index = 0);
QList<FieldError> validateTier(const TierConfig &tier, qsizetype index = 0);

/// True for a valid pool or tier name or alert rule id: `[a-z0-9][a-z0-9_-]{0,63}`.
bool isValidConfigName(QStringView name);
/// True for an absolute http or https URL with a host.
bool isValidHttpUrl(const QString &url);
/// The headers that may carry a pool's upstream credential.
QStringList upstreamAuthHeaders();

} // namespace sluice
