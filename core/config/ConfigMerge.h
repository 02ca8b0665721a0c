#pragma once

#include "config/ConfigDiff.h"
#include "config/EngineConfig.h"
#include "util/Error.h"

#include <QStringList>

#include <optional>

namespace sluice {

/// A three-way merge of configurations: edits made from `base` ("ours") put on top of a newer
/// version made from the same base by someone else ("theirs").
struct ConfigMerge
{
    /// Theirs with our edits on top; nullopt when that is not a valid configuration (each side
    /// can be valid and the merge not: `errors` say why).
    std::optional<EngineConfig> merged;
    QList<FieldError> errors;
    QList<ConfigChange> theirs; ///< base -> theirs: what changed meanwhile
    QList<ConfigChange> ours;   ///< base -> ours: our edits
    /// Settings both sides changed, to different values; the merge keeps ours. Paths as in
    /// ConfigChange ("pools.anthropic.max_concurrent"); a whole entry ("pools.anthropic") when
    /// one side removed what the other changed.
    QStringList conflicts;

    /// Whether `change` (from `theirs` or `ours`) touches a conflicting setting.
    bool conflicting(const ConfigChange &change) const;
};

/// Merges setting by setting on the JSON forms (configToJson); entries of the named lists
/// (pools, tiers, prices, alert rules) are matched by name, so each side may add, remove and
/// edit its own. A setting only one side changed takes that side's value; one both changed
/// alike is no conflict. Reentrant.
ConfigMerge mergeConfigs(const EngineConfig &base, const EngineConfig &ours,
                         const EngineConfig &theirs);

} // namespace sluice
