#pragma once

#include "config/EngineConfig.h"
#include "store/StoreRecords.h"

#include <optional>
#include <vector>

namespace sluice {

/// Every configuration version, held in memory: loaded once at start and one appended per
/// change, so that the history, a version's JSON or a rollback target never read SQLite on
/// the engine's thread. Versions are few (one per admin change) and small.
class ConfigHistory
{
public:
    /// `rows` in any order, each with its JSON.
    explicit ConfigHistory(QList<ConfigVersionRow> rows = {});

    /// The newest version; 0 when there is none.
    qint32 latestVersion() const;
    /// Every version, newest first, without its JSON.
    QList<ConfigVersionRow> list() const;
    std::optional<ConfigVersionRow> find(qint32 version) const;
    /// The configuration of `version`; nullopt when unknown or when its JSON does not parse
    /// (logged).
    std::optional<EngineConfig> configAt(qint32 version) const;
    /// Adds the next version (its number must be above every other).
    void add(ConfigVersionRow row);

private:
    std::vector<ConfigVersionRow> m_rows; // oldest first
};

} // namespace sluice
