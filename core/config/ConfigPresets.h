#pragma once

#include "config/PoolConfig.h"

#include <QList>
#include <QString>

#include <optional>

namespace sluice {

/// A named pair of pool limits from the seeds: Conservative 50 requests per minute and 5
/// concurrent, Balanced 100 / 10, Aggressive 200 / 20.
struct ConfigPreset
{
    QString name;         ///< e.g. "Balanced"
    int requestsPerMinute;
    int maxConcurrent;
    QString description;  ///< who it suits, for the dashboard

    friend bool operator==(const ConfigPreset &, const ConfigPreset &) = default;
};

/// Every preset, from the most careful to the fastest.
QList<ConfigPreset> configPresets();
/// The preset of that name (case-insensitive); nullopt when there is none.
std::optional<ConfigPreset> findPreset(QStringView name);
/// Sets the pool's requests_per_minute and max_concurrent; other fields stay.
void applyPreset(PoolConfig &pool, const ConfigPreset &preset);
/// As above by name; false (and the pool unchanged) for an unknown name.
bool applyPreset(PoolConfig &pool, QStringView presetName);

} // namespace sluice
