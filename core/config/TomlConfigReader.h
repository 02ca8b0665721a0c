#pragma once

#include "config/EngineConfig.h"
#include "config/ReplicaSettings.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace sluice {

/// Reads a configuration from TOML (the layout of packaging/sluice.example.toml).
/// Syntax errors carry "source:line:column"; unknown keys (typos) and values of the wrong
/// type or outside their range (ConfigLimits) are errors naming the field, and such fields
/// keep their defaults. Omitted keys keep the struct defaults (absent optional limits are
/// unlimited); pools, tiers and prices keep the file's order. Cross-field rules are left to
/// validateConfig(), to run after any environment overrides. The replica's own keys
/// (ReplicaSettings) are checked for their type and go to `replica` when it is given.
/// Reentrant.
Result<EngineConfig> readTomlConfig(const QByteArray &document, const QString &sourceName,
                                    ReplicaSettings *replica = nullptr);

/// readTomlConfig() on a file's contents; a missing or unreadable file is an error naming it.
Result<EngineConfig> readConfigFile(const QString &path, ReplicaSettings *replica = nullptr);

} // namespace sluice
