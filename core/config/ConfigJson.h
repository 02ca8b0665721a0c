#pragma once

#include "config/EngineConfig.h"
#include "util/Result.h"

#include <QJsonObject>

namespace sluice {

/// The JSON form of a configuration, for the gateway's API, the store's versions and the
/// diff. Keys are the TOML ones (snake_case). Pools, tiers, prices and alert rules are arrays
/// of objects in order, named by "name", "name", "model" and "id". Absent optional limits
/// are omitted; on reading, absent or null means unlimited. Reading checks types and ranges
/// (ConfigLimits) and rejects unknown keys, each error naming the field; cross-field rules
/// are validateConfig()'s. configFromJson(configToJson(c)) == c for every valid c. Reentrant.
QJsonObject configToJson(const EngineConfig &config);
Result<EngineConfig> configFromJson(const QJsonObject &object);

/// One pool or tier on its own, as in the arrays above (with its "name").
QJsonObject poolToJson(const PoolConfig &pool);
Result<PoolConfig> poolFromJson(const QJsonObject &object);
QJsonObject tierToJson(const TierConfig &tier);
Result<TierConfig> tierFromJson(const QJsonObject &object);

} // namespace sluice
