#include "shared/SharedLink.h"

#include "redis/RedisLogging.h"

#include <limits>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

constexpr int kConfigAttempts = 4;
/// Stands for "unlimited" in Redis, whose functions compare against a number.
constexpr qint64 kUnlimited = std::numeric_limits<qint32>::max() * qint64(1000);

RedisPoolLimits limitsOf(const PoolConfig &pool)
{
    RedisPoolLimits limits;
    limits.maxConcurrent = pool.maxConcurrent;
    // Not value_or(kUnlimited): that would convert kUnlimited to the optional's int first.
    limits.requestsPerMinute = pool.requestsPerMinute ? qint64(*pool.requestsPerMinute) : kUnlimited;
    limits.tokensPerMinute = pool.tokensPerMinute ? qint64(*pool.tokensPerMinute) : kUnlimited;
    limits.maxQueueLength = pool.maxQueueLength;
    limits.queueTimeoutMs = pool.queueTimeoutMs;
    limits.leaseIdleMs = pool.leaseIdleTimeoutMs;
    return limits;
}

} // namespace

SharedLink::SharedLink(const SharedOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_keys(options.deployment)
    , m_commands(options.url)
    , m_eventConnection(options.url)
    , m_functions(m_commands, options.mode)
    , m_events(m_eventConnection, m_keys.events())
    , m_configDocument(m_functions, m_keys)
    , m_keyRegistry(m_functions, m_keys)
{
    m_commands.setCommandTimeout(options.commandTimeoutMs);
    // The event read blocks for up to a second on its own connection: its timeout is longer.
    m_eventConnection.setCommandTimeout(options.commandTimeoutMs + 2000);
    m_problem = u"not connected to Redis at %1 yet"_s.arg(options.url.toString());
    connect(&m_functions, &RedisFunctions::loaded, this, [this] {
        m_loaded = true;
        for (auto &[name, configured] : m_configured)
            configured = false;
        if (!m_synced)
            return emit libraryLoaded();
        pushUnconfigured();
    });
    connect(&m_functions, &RedisFunctions::loadFailed, this, [this](const QString &error) {
        setReady(false, u"the function library did not load: %1"_s.arg(error));
    });
    connect(&m_commands, &RedisConnection::disconnected, this, [this](const QString &reason) {
        m_loaded = false;
        m_synced = !m_gated; // Redis may come back without our configuration
        setReady(false, u"Redis at %1: %2"_s.arg(m_options.url.toString(), reason));
    });
    connect(&m_events, &RedisEventReader::received, this, &SharedLink::received);
}

void SharedLink::open(const EngineConfig &config)
{
    configure(config);
    m_commands.open();
    m_eventConnection.open();
    m_events.start();
}

void SharedLink::close()
{
    m_events.stop();
    m_eventConnection.close();
    m_commands.close();
    setReady(false, u"closed"_s);
}

void SharedLink::configure(const EngineConfig &config)
{
    for (const PoolConfig &pool : config.pools) {
        if (!m_pools.contains(pool.name))
            m_pools.emplace(pool.name, std::make_unique<RedisPool>(m_functions, m_keys, pool.name,
                                                                   m_options.replica));
        const RedisPoolLimits limits = limitsOf(pool);
        const auto known = m_limits.find(pool.name);
        const bool changed = known == m_limits.end() || !(known->second == limits);
        m_limits[pool.name] = limits;
        if (changed || !m_configured.contains(pool.name))
            m_configured[pool.name] = false; // pushed now, or by configSynced() or loaded
        if (changed && m_synced && m_commands.state() == RedisConnection::State::Connected)
            pushLimits(pool.name, 0);
    }
}

void SharedLink::reconfigure(const QString &name)
{
    if (!m_configured.contains(name))
        return;
    m_configured[name] = false;
    if (m_gated) // the configuration document went with it: seed it again first
        m_synced = false;
    setReady(false, u"pool %1 was missing in Redis (its data was lost); configuring it again"_s.arg(name));
    if (m_gated)
        return emit libraryLoaded();
    pushLimits(name, 0);
}

void SharedLink::retry()
{
    if (m_ready || m_commands.state() != RedisConnection::State::Connected)
        return;
    if (!m_loaded)
        return m_functions.reload();
    if (!m_synced)
        return emit libraryLoaded();
    pushUnconfigured();
}

void SharedLink::configSynced()
{
    if (m_synced || !m_loaded)
        return;
    m_synced = true;
    pushUnconfigured();
}

void SharedLink::pushUnconfigured()
{
    for (const auto &[name, configured] : m_configured) {
        if (!configured)
            pushLimits(name, 0);
    }
}

RedisPool *SharedLink::pool(const QString &name)
{
    const auto found = m_pools.find(name);
    return found == m_pools.end() ? nullptr : found->second.get();
}

void SharedLink::pushLimits(const QString &name, int attempt)
{
    RedisPool *redisPool = pool(name);
    RedisPoolLimits limits = m_limits[name];
    limits.version = redisPool->configVersion() + 1;
    redisPool->configure(limits, [this, name, attempt, limits](const RedisAnswer &answer) {
        if (!answer.ok())
            return setReady(false, u"pool %1 could not be configured in Redis: %2"_s.arg(
                                       name, answer.error));
        if (answer.status() != u"ok"_s) {
            const qint64 shared = answer.json.value("cfgver"_L1).toInteger(-1);
            if (shared >= 0 && attempt + 1 < kConfigAttempts) {
                pool(name)->setConfigVersion(shared);
                return pushLimits(name, attempt + 1);
            }
            return setReady(false, u"pool %1 could not be configured in Redis (%2)"_s.arg(
                                       name, answer.json.value("reason"_L1).toString()));
        }
        // Limits already there keep Redis's version (sl_config): every call carries that one.
        pool(name)->setConfigVersion(answer.json.value("cfgver"_L1).toInteger(limits.version));
        m_configured[name] = true;
        for (const auto &[other, done] : m_configured) {
            if (!done)
                return;
        }
        setReady(true, {});
    });
}

void SharedLink::setReady(bool ready, const QString &problem)
{
    m_problem = problem;
    if (ready == m_ready)
        return;
    m_ready = ready;
    if (ready)
        qCInfo(lcRedis).noquote() << "shared state ready: Redis at" << m_options.url.toString()
                                  << "deployment" << m_options.deployment;
    else
        qCWarning(lcRedis).noquote() << "shared state unavailable:" << problem;
    emit readyChanged(ready);
}

} // namespace sluice
