#include "config/EngineConfig.h"

#include <algorithm>

namespace sluice {

namespace {
template<typename List>
auto findByName(const List &list, const QString &name, auto member)
{
    const auto it = std::find_if(list.cbegin(), list.cend(),
                                 [&](const auto &item) { return item.*member == name; });
    return it == list.cend() ? nullptr : &*it;
}
} // namespace

const PoolConfig *EngineConfig::pool(const QString &name) const
{
    return findByName(pools, name, &PoolConfig::name);
}

const TierConfig *EngineConfig::tier(const QString &name) const
{
    return findByName(tiers, name, &TierConfig::name);
}

const ModelPrice *EngineConfig::price(const QString &model) const
{
    return findByName(pricing, model, &ModelPrice::model);
}

} // namespace sluice
