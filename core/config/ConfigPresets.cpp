#include "config/ConfigPresets.h"

namespace sluice {

using namespace Qt::StringLiterals;

QList<ConfigPreset> configPresets()
{
    return {
        {u"Conservative"_s, 50, 5,
         u"New applications and testing: very safe, may be slow under heavy traffic."_s},
        {u"Balanced"_s, 100, 10,
         u"Production applications with moderate traffic: needs some monitoring."_s},
        {u"Aggressive"_s, 200, 20,
         u"High traffic on a premium plan: most throughput, more upstream 429s."_s},
    };
}

std::optional<ConfigPreset> findPreset(QStringView name)
{
    const QList<ConfigPreset> presets = configPresets();
    for (const ConfigPreset &preset : presets) {
        if (name.compare(preset.name, Qt::CaseInsensitive) == 0)
            return preset;
    }
    return std::nullopt;
}

void applyPreset(PoolConfig &pool, const ConfigPreset &preset)
{
    pool.requestsPerMinute = preset.requestsPerMinute;
    pool.maxConcurrent = preset.maxConcurrent;
}

bool applyPreset(PoolConfig &pool, QStringView presetName)
{
    const std::optional<ConfigPreset> preset = findPreset(presetName);
    if (preset)
        applyPreset(pool, *preset);
    return preset.has_value();
}

} // namespace sluice
