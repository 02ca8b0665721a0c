#pragma once

#include "config/EngineConfig.h"
#include "engine/Engine.h"
#include "util/ManualClock.h"

#include <memory>

namespace sluice::test {

/// An engine on a manual clock with a small configuration that tests adjust before start().
/// Pool "llm": 2 concurrent, 10 requests/min, 1000 tokens/min, queue of 5, 10 s queue timeout,
/// 30 s lease idle timeout. Tiers: free (10/day, priority 0, 1 per user),
/// pro (100/day, priority 2, 3 per user). Time starts at 2026-01-01 10:00 UTC.
struct EngineFixture
{
    static constexpr TimeMs kStart = 1'767'261'600'000;

    ManualClock clock{kStart};
    EngineConfig config = defaultTestConfig();
    std::unique_ptr<Engine> engine;

    static EngineConfig defaultTestConfig()
    {
        EngineConfig c;
        PoolConfig llm;
        llm.name = QStringLiteral("llm");
        llm.maxConcurrent = 2;
        llm.requestsPerMinute = 10;
        llm.tokensPerMinute = 1000;
        llm.maxQueueLength = 5;
        llm.queueTimeoutMs = 10'000;
        llm.leaseIdleTimeoutMs = 30'000;
        c.pools = {llm};
        TierConfig free;
        free.name = QStringLiteral("free");
        free.dailyRequests = 10;
        free.priority = 0;
        free.maxConcurrentPerUser = 1;
        TierConfig pro;
        pro.name = QStringLiteral("pro");
        pro.dailyRequests = 100;
        pro.priority = 2;
        pro.maxConcurrentPerUser = 3;
        c.tiers = {free, pro};
        c.defaultTier = QStringLiteral("free");
        AlertRule concurrency;
        concurrency.id = QStringLiteral("pool-concurrency");
        concurrency.metric = AlertMetric::PoolConcurrency;
        c.alertRules = {concurrency};
        return c;
    }

    PoolConfig &pool() { return config.pools.first(); }
    TierConfig &tier(int i) { return config.tiers[i]; }

    Engine &start()
    {
        engine = std::make_unique<Engine>(clock, config);
        return *engine;
    }

    Decision acquire(const QString &user, const QString &tier = {}, qint64 tokens = 0,
                     bool wait = true, const QString &context = {})
    {
        AcquireRequest request;
        request.pool = QStringLiteral("llm");
        request.user = user;
        request.tier = tier;
        request.tokens = tokens;
        request.wait = wait;
        request.contextId = context;
        return engine->acquire(request);
    }

    void advance(qint64 ms)
    {
        clock.advance(ms);
        engine->advance();
    }

    PoolStatus status() const { return *engine->poolStatus(QStringLiteral("llm")); }
};

} // namespace sluice::test
