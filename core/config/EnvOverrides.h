#pragma once

#include "config/EngineConfig.h"
#include "util/Error.h"

#include <QProcessEnvironment>

namespace sluice {

/// One environment variable that changed the configuration, for the audit log.
struct AppliedOverride
{
    QString variable;  ///< e.g. "SLUICE_ANTHROPIC_MAX_RETRIES"
    QString field;     ///< e.g. "pools.anthropic.retry.max_retries"
    QString before;
    QString after;

    friend bool operator==(const AppliedOverride &, const AppliedOverride &) = default;
};

struct EnvOverrideResult
{
    QList<AppliedOverride> applied;
    QList<FieldError> errors; ///< malformed or out-of-range values, naming the variable
};

/// The prefix of a pool's variables: "SLUICE_" + the name upper-cased with every other
/// character than A-Z and 0-9 as '_' + "_", e.g. "SLUICE_MY_POOL_" for "my-pool".
QString envPoolPrefix(QStringView poolName);

/// Applies SLUICE_<POOL>_RATE_LIMIT_PER_MINUTE, _CONCURRENT_REQUESTS, _MAX_RETRIES,
/// _BASE_DELAY (ms), _MAX_DELAY (ms) and _BACKOFF_FACTOR to every pool; for the pool named
/// "anthropic" also the seed's ANTHROPIC_RATE_LIMIT_PER_MINUTE, ... (the SLUICE_ variable
/// wins when both are set). Empty variables are ignored. A malformed value or one outside
/// its range (ConfigLimits) is an error naming the variable and leaves the field unchanged.
/// Two pools whose names differ only in punctuation share their variables. The caller runs
/// validateConfig() afterwards for the rules across fields. Reentrant.
EnvOverrideResult applyEnvOverrides(EngineConfig &config, const QProcessEnvironment &environment);

} // namespace sluice
