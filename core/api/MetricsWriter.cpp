#include "api/MetricsWriter.h"

#include "util/PrometheusText.h"
#include "api/SpendMetrics.h"

#include "engine/Engine.h"
#include "engine/PoolStats.h"

namespace sluice {

namespace {

void decisions(PrometheusText &w, const Engine &engine)
{
    w.family("decisions_total", "counter", "Admission decisions by pool, tier, result and reason.");
    for (const PoolStatus &pool : engine.pools()) {
        const PoolStats *stats = engine.poolStats(pool.name);
        for (size_t tier = 0;
             stats && tier < stats->byTier.size() && tier < size_t(engine.config().tiers.size());
             ++tier) {
            const PoolStats::TierCounters &counters = stats->byTier[tier];
            const QString tierName = engine.tierName(int(tier));
            const std::pair<Outcome, const std::array<quint64, PoolStats::kReasons> *> results[] = {
                {Outcome::Granted, &counters.granted},
                {Outcome::Queued, &counters.queued},
                {Outcome::Rejected, &counters.rejected}};
            for (const auto &[result, byReason] : results) {
                for (int reason = 0; reason < PoolStats::kReasons; ++reason) {
                    if ((*byReason)[size_t(reason)] == 0)
                        continue;
                    w.sample("decisions_total",
                             {{"pool", pool.name},
                              {"tier", tierName},
                              {"result", outcomeName(result)},
                              {"reason", reasonCode(Reason(reason))}},
                             QByteArray::number((*byReason)[size_t(reason)]));
                }
            }
        }
    }
    w.family("requests_ended_total", "counter", "Tickets and leases that ended, by reason.");
    for (const PoolStatus &pool : engine.pools()) {
        const PoolStats *stats = engine.poolStats(pool.name);
        for (size_t tier = 0;
             stats && tier < stats->byTier.size() && tier < size_t(engine.config().tiers.size());
             ++tier) {
            for (int reason = 0; reason < PoolStats::kReasons; ++reason) {
                const quint64 count = stats->byTier[tier].ended[size_t(reason)];
                if (count > 0)
                    w.sample("requests_ended_total",
                             {{"pool", pool.name},
                              {"tier", engine.tierName(int(tier))},
                              {"reason", reasonCode(Reason(reason))}},
                             QByteArray::number(count));
            }
        }
    }
}

void poolGauges(PrometheusText &w, const QList<PoolStatus> &pools)
{
    struct Gauge
    {
        const char *name;
        const char *help;
        qint64 (*value)(const PoolStatus &);
    };
    static const Gauge gauges[] = {
        {"pool_in_use", "Slots in use (a context counts once).",
         [](const PoolStatus &p) {
             return qint64(p.inUse);
         }},
        {"pool_max_concurrent", "Slots the pool has.",
         [](const PoolStatus &p) {
             return qint64(p.maxConcurrent);
         }},
        {"pool_active_leases", "Leases held.",
         [](const PoolStatus &p) {
             return p.activeLeases;
         }},
        {"queue_length", "Tickets waiting.",
         [](const PoolStatus &p) {
             return p.waiting;
         }},
        {"queue_max_length", "Most tickets the queue takes.",
         [](const PoolStatus &p) {
             return p.maxQueueLength;
         }},
        {"window_requests", "Requests admitted in the last 60 s.",
         [](const PoolStatus &p) {
             return p.windowRequests;
         }},
        {"requests_per_minute_limit", "The 60 s request limit (absent: unlimited).",
         [](const PoolStatus &p) {
             return p.requestsPerMinute;
         }},
        {"window_tokens", "Tokens admitted in the last 60 s.",
         [](const PoolStatus &p) {
             return p.windowTokens;
         }},
        {"tokens_per_minute_limit", "The 60 s token limit (absent: unlimited).",
         [](const PoolStatus &p) {
             return p.tokensPerMinute;
         }},
    };
    for (const Gauge &gauge : gauges) {
        w.family(gauge.name, "gauge", gauge.help);
        for (const PoolStatus &pool : pools) {
            const qint64 value = gauge.value(pool);
            if (value >= 0)
                w.sample(gauge.name, {{"pool", pool.name}}, QByteArray::number(value));
        }
    }
    w.family("pool_paused", "gauge", "1 while the pool is paused, draining or drained.");
    for (const PoolStatus &pool : pools)
        w.sample("pool_paused", {{"pool", pool.name}}, pool.mode == PoolMode::Running ? "0" : "1");
}

void tierGauges(PrometheusText &w, const Engine &engine)
{
    const QHash<QString, UsageCounters> usage = engine.tierUsageToday();
    w.family("tier_requests_today", "gauge", "Requests today in the tier, over all pools.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_requests_today", {{"tier", tier.name}},
                 QByteArray::number(usage.value(tier.name).requests));
    w.family("tier_tokens_today", "gauge", "Tokens today in the tier.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_tokens_today", {{"tier", tier.name}},
                 QByteArray::number(usage.value(tier.name).tokens));
    w.family("tier_cost_usd_today", "gauge", "Cost today in the tier, USD.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_cost_usd_today", {{"tier", tier.name}},
                 PrometheusText::number(double(usage.value(tier.name).costNanoUsd) / 1e9));
    w.family("tier_credits_today", "gauge", "Credits today in the tier.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_credits_today", {{"tier", tier.name}},
                 QByteArray::number(usage.value(tier.name).credits));
    w.family("tier_users_today", "gauge", "Users with requests today in the tier.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_users_today", {{"tier", tier.name}},
                 QByteArray::number(usage.value(tier.name).users));
    w.family("tier_daily_requests_limit", "gauge", "Requests a user of the tier may make per day.");
    for (const TierConfig &tier : engine.config().tiers)
        w.sample("tier_daily_requests_limit", {{"tier", tier.name}},
                 QByteArray::number(tier.dailyRequests));
    w.family("pool_tier_requests_today", "gauge", "Requests today per pool and tier.");
    for (const PoolConfig &pool : engine.config().pools) {
        for (const TierConfig &tier : engine.config().tiers)
            w.sample("pool_tier_requests_today", {{"pool", pool.name}, {"tier", tier.name}},
                     QByteArray::number(engine.poolTierUsageToday(pool.name, tier.name).requests));
    }
}

void waitHistogram(PrometheusText &w, const Engine &engine)
{
    w.family("queue_wait_seconds", "histogram", "How long granted tickets waited in the queue.");
    for (const PoolStatus &pool : engine.pools()) {
        const PoolStats *stats = engine.poolStats(pool.name);
        if (!stats)
            continue;
        quint64 cumulative = 0;
        for (size_t i = 0; i < PoolStats::kWaitBucketsMs.size(); ++i) {
            cumulative += stats->waitBuckets[i];
            w.sample(
                "queue_wait_seconds_bucket",
                {{"pool", pool.name},
                 {"le", QString::fromLatin1(PrometheusText::number(double(PoolStats::kWaitBucketsMs[i]) / 1000))}},
                QByteArray::number(cumulative));
        }
        w.sample("queue_wait_seconds_bucket", {{"pool", pool.name}, {"le", QStringLiteral("+Inf")}},
                 QByteArray::number(stats->waitCount));
        w.sample("queue_wait_seconds_sum", {{"pool", pool.name}},
                 PrometheusText::number(double(stats->waitSumMs) / 1000));
        w.sample("queue_wait_seconds_count", {{"pool", pool.name}},
                 QByteArray::number(stats->waitCount));
    }
}

} // namespace

QByteArray prometheusMetrics(const Engine &engine, qsizetype activeAlerts, qint32 configVersion)
{
    PrometheusText w;
    const QList<PoolStatus> pools = engine.pools();
    decisions(w, engine);
    poolGauges(w, pools);
    tierGauges(w, engine);
    spendMetrics(w, engine);
    waitHistogram(w, engine);
    w.family("alerts_active", "gauge", "Alerts firing now.");
    w.sample("alerts_active", {}, QByteArray::number(activeAlerts));
    w.family("config_version", "gauge", "The configuration version in force.");
    w.sample("config_version", {}, QByteArray::number(configVersion));
    return w.take();
}

} // namespace sluice
