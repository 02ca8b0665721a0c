#pragma once

#include "config/EngineConfig.h"
#include "config/ReplicaSettings.h"
#include "util/Result.h"

#include <QString>

namespace sluice {

/// What `sluiced check-config FILE` does: reads a TOML configuration file (readConfigFile())
/// and, when it reads cleanly, validates it (validateConfig()) as the gateway does at
/// start-up, without environment overrides. Every error carries the line and column of the
/// value it is about (for a value that is missing: of the table it belongs in; for a syntax
/// error: where the parser stopped) and its message begins with "file:line:column: ", or with
/// "file: " when there is no such place (a missing top-level key); errors of validation come
/// in the order of their lines. Errors of reading (syntax, types, ranges, unknown keys) are
/// reported first, alone: the rules across fields are checked once the file reads cleanly.
/// An unreadable file is one error naming it. Empty errors: valid. The replica's own keys go
/// to `replica` when it is given. Reentrant.
Result<EngineConfig> checkConfigFile(const QString &path, ReplicaSettings *replica = nullptr);

} // namespace sluice
