#include "api/SpendMetrics.h"

#include "util/PrometheusText.h"
#include "engine/Engine.h"
#include "engine/PoolStats.h"

namespace sluice {

void spendMetrics(PrometheusText &w, const Engine &engine)
{
    const EngineConfig &config = engine.config();
    w.family("pool_tier_cost_usd_today", "gauge", "Cost today per pool and tier, USD.");
    for (const PoolConfig &pool : config.pools)
        for (const TierConfig &tier : config.tiers)
            w.sample(
                "pool_tier_cost_usd_today", {{"pool", pool.name}, {"tier", tier.name}},
                PrometheusText::number(
                    double(engine.poolTierUsageToday(pool.name, tier.name).costNanoUsd) / 1e9));
    w.family("pool_tier_credits_today", "gauge",
             "Credits (USD 0.01 each) today per pool and tier.");
    for (const PoolConfig &pool : config.pools)
        for (const TierConfig &tier : config.tiers)
            w.sample("pool_tier_credits_today", {{"pool", pool.name}, {"tier", tier.name}},
                     QByteArray::number(engine.poolTierUsageToday(pool.name, tier.name).credits));
    struct Counter
    {
        const char *name;
        const char *help;
        QByteArray (*value)(const PoolStats::TierCounters &);
    };
    const Counter counters[] = {
        {"cost_usd_total", "Cost charged on release, USD, since start (refunds cost nothing).",
         [](const PoolStats::TierCounters &c) {
             return PrometheusText::number(double(c.costNanoUsd) / 1e9);
         }},
        {"credits_total", "Credits charged on release since start.",
         [](const PoolStats::TierCounters &c) {
             return QByteArray::number(c.credits);
         }},
        {"unpriced_releases_total", "Releases whose model no pricing entry matched (cost 0).",
         [](const PoolStats::TierCounters &c) {
             return QByteArray::number(c.unpriced);
         }},
    };
    for (const Counter &counter : counters) {
        w.family(counter.name, "counter", counter.help);
        for (const PoolConfig &pool : config.pools) {
            const PoolStats *stats = engine.poolStats(pool.name);
            for (qsizetype tier = 0; stats && tier < config.tiers.size(); ++tier) {
                const PoolStats::TierCounters none;
                const PoolStats::TierCounters &c =
                    size_t(tier) < stats->byTier.size() ? stats->byTier[size_t(tier)] : none;
                w.sample(counter.name, {{"pool", pool.name}, {"tier", config.tiers[tier].name}},
                         counter.value(c));
            }
        }
    }
}

} // namespace sluice
