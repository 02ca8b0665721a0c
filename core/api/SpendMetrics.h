#pragma once

namespace sluice {

class Engine;
class PrometheusText;

/// Spend per pool and tier for /metrics: today's (gauges sluice_pool_tier_cost_usd_today,
/// sluice_pool_tier_credits_today, reset with the quota day) and since the start of the
/// process (counters sluice_cost_usd_total, sluice_credits_total,
/// sluice_unpriced_releases_total, for rate() and increase()). Call on the engine's thread.
void spendMetrics(PrometheusText &w, const Engine &engine);

} // namespace sluice
