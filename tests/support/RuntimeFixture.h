#pragma once

#include "EngineFixture.h"

#include "control/AlertDesk.h"
#include "control/AuditTrail.h"
#include "control/ConfigVersions.h"
#include "control/PoolOperations.h"
#include "runtime/EngineRuntime.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace sluice::test {

/// A durable engine (real SQLite in a temporary directory) on a manual clock, with the
/// EngineFixture's small configuration written as the config file. No timer runs: tests call
/// advance().
struct RuntimeFixture
{
    QTemporaryDir dir;
    ManualClock clock{EngineFixture::kStart};
    QString configPath;
    std::unique_ptr<EngineRuntime> runtime;

    RuntimeFixture() { writeConfig(EngineFixture::defaultTestConfig()); }

    void writeConfig(const EngineConfig &config, const QByteArray &extra = {})
    {
        configPath = dir.filePath(QStringLiteral("sluice.toml"));
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(toToml(config) + extra);
    }

    static QByteArray toToml(const EngineConfig &config)
    {
        QByteArray out = "default_tier = \"" + config.defaultTier.toUtf8() + "\"\n";
        for (const PoolConfig &pool : config.pools) {
            out += "[pools." + pool.name.toUtf8() + "]\n";
            out += "max_concurrent = " + QByteArray::number(pool.maxConcurrent) + "\n";
            if (pool.requestsPerMinute)
                out += "requests_per_minute = " + QByteArray::number(*pool.requestsPerMinute) + "\n";
            if (pool.tokensPerMinute)
                out += "tokens_per_minute = " + QByteArray::number(*pool.tokensPerMinute) + "\n";
            out += "max_queue_length = " + QByteArray::number(pool.maxQueueLength) + "\n";
            out += "queue_timeout_ms = " + QByteArray::number(pool.queueTimeoutMs) + "\n";
            out += "lease_idle_timeout_ms = " + QByteArray::number(pool.leaseIdleTimeoutMs) + "\n";
            if (pool.redisDown != PoolConfig().redisDown)
                out += "redis_down = \"" + pool.redisDown.toUtf8() + "\"\n";
        }
        for (const TierConfig &tier : config.tiers) {
            out += "[tiers." + tier.name.toUtf8() + "]\n";
            out += "daily_requests = " + QByteArray::number(tier.dailyRequests) + "\n";
            out += "priority = " + QByteArray::number(tier.priority) + "\n";
            if (tier.maxConcurrentPerUser)
                out += "max_concurrent_per_user = "
                       + QByteArray::number(*tier.maxConcurrentPerUser) + "\n";
        }
        for (const AlertRule &rule : config.alertRules) {
            out += "[[alert_rules]]\nid = \"" + rule.id.toUtf8() + "\"\nmetric = \""
                   + alertMetricName(rule.metric).toUtf8() + "\"\nthreshold = "
                   + QByteArray::number(rule.threshold) + "\nclear_below = "
                   + QByteArray::number(rule.clearBelow) + "\npending_ms = "
                   + QByteArray::number(rule.pendingMs) + "\n";
        }
        return out;
    }

    RuntimeOptions options() const
    {
        RuntimeOptions o;
        o.dataDir = dir.filePath(QStringLiteral("data"));
        o.configPath = configPath;
        o.environment = QProcessEnvironment();
        o.clock = &clock;
        o.runTimer = false;
        return o;
    }

    bool open(QString *error = nullptr)
    {
        Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options());
        if (!opened) {
            if (error)
                *error = opened.error().message;
            qWarning().noquote() << opened.error().message;
            return false;
        }
        runtime = std::move(opened).value();
        return true;
    }

    void restart()
    {
        runtime.reset();
        QVERIFY(open());
    }

    Engine &engine() { return runtime->engine(); }
    ConfigVersions &configVersions() { return runtime->configVersions(); }
    AuditTrail &audit() { return runtime->audit(); }
    AlertDesk &alerts() { return runtime->alerts(); }
    PoolOperations &poolOperations() { return runtime->poolOperations(); }

    Decision acquire(const QString &user, const QString &tier = {})
    {
        AcquireRequest request;
        request.pool = QStringLiteral("llm");
        request.user = user;
        request.tier = tier;
        return engine().acquire(request);
    }
};

} // namespace sluice::test
