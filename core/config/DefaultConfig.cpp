#include "config/DefaultConfig.h"

namespace sluice {

namespace {
using namespace Qt::StringLiterals;

PoolConfig pool(const QString &name, int maxConcurrent, const QString &upstreamUrl,
                const QString &keyEnv, const QString &authHeader)
{
    PoolConfig pool;
    pool.name = name;
    pool.maxConcurrent = maxConcurrent;
    pool.upstreamUrl = upstreamUrl;
    pool.upstreamKeyEnv = keyEnv;
    pool.upstreamAuthHeader = authHeader;
    return pool;
}

TierConfig tier(const QString &name, qint64 dailyRequests, int priority, int maxConcurrentPerUser)
{
    TierConfig tier;
    tier.name = name;
    tier.dailyRequests = dailyRequests;
    tier.priority = priority;
    tier.maxConcurrentPerUser = maxConcurrentPerUser;
    return tier;
}

AlertRule withPending(AlertRule rule, qint64 pendingMs)
{
    rule.pendingMs = pendingMs;
    return rule;
}

AlertRule rule(const QString &id, AlertMetric metric, bool enabled)
{
    AlertRule rule;
    rule.id = id;
    rule.metric = metric;
    rule.threshold = 0.8;
    rule.clearBelow = 0.7;
    rule.enabled = enabled;
    return rule;
}
} // namespace

EngineConfig defaultConfig()
{
    EngineConfig config;

    PoolConfig anthropic = pool(u"anthropic"_s, 5, u"https://api.anthropic.com"_s,
                                u"ANTHROPIC_API_KEY"_s, u"x-api-key"_s);
    anthropic.requestsPerMinute = 50;
    anthropic.tokensPerMinute = 200'000;
    anthropic.maxQueueLength = 1000;
    config.pools = {
        anthropic,
        pool(u"elevenlabs"_s, 3, u"https://api.elevenlabs.io"_s, u"ELEVENLABS_API_KEY"_s,
             u"xi-api-key"_s),
        pool(u"anam"_s, 1, u"https://api.anam.ai"_s, u"ANAM_API_KEY"_s, u"authorization"_s),
    };

    config.tiers = {
        tier(u"free"_s, 10, 0, 1),
        tier(u"basic"_s, 100, 1, 2),
        tier(u"pro"_s, 500, 2, 5),
        tier(u"enterprise"_s, 5000, 3, 20),
    };
    config.defaultTier = u"free"_s;
    config.quotaResetMinuteUtc = 0;
    config.agingMs = 0;

    config.pricing = {
        {u"claude-3-5-sonnet-20241022"_s, 3.0, 15.0},
        {u"claude-3-5-haiku-20241022"_s, 0.8, 4.0},
        {u"claude-sonnet-4-5"_s, 3.0, 15.0},
        {u"claude-opus-4-1"_s, 15.0, 75.0},
    };

    config.alertRules = {
        // Concurrency swings between empty and full on small pools: ask for 10 s at the
        // threshold before firing, so a one-slot pool does not fire and clear all day.
        withPending(rule(u"pool-concurrency"_s, AlertMetric::PoolConcurrency, true), 10'000),
        rule(u"pool-rpm"_s, AlertMetric::PoolRequestsPerMinute, true),
        rule(u"pool-tpm"_s, AlertMetric::PoolTokensPerMinute, true),
        rule(u"pool-queue"_s, AlertMetric::PoolQueue, true),
        rule(u"tier-daily"_s, AlertMetric::TierDailyQuota, true),
        // Off by default: with many free users, someone is always near their 10 a day.
        rule(u"user-daily"_s, AlertMetric::UserDailyQuota, false),
    };
    return config;
}

} // namespace sluice
