#include "engine/PoolMode.h"

#include "util/EnumNames.h"

namespace sluice {

namespace {
constexpr EnumNames kModes{std::array{
    std::pair{PoolMode::Running, u"running"},
    std::pair{PoolMode::Paused, u"paused"},
    std::pair{PoolMode::Draining, u"draining"},
    std::pair{PoolMode::Drained, u"drained"},
}};
} // namespace

QString poolModeName(PoolMode mode)
{
    return kModes.name(mode, PoolMode::Running);
}

std::optional<PoolMode> poolModeFromName(QStringView name)
{
    return kModes.value(name);
}

QString poolModeAlternatives()
{
    return kModes.alternatives();
}

} // namespace sluice
