#pragma once

#include "config/EngineConfig.h"
#include "redis/RedisConfigDocument.h"
#include "redis/RedisKeyRegistry.h"
#include "redis/RedisConnection.h"
#include "redis/RedisEventReader.h"
#include "redis/RedisFunctions.h"
#include "redis/RedisKeys.h"
#include "redis/RedisPool.h"
#include "shared/SharedOptions.h"

#include <QObject>

#include <map>
#include <memory>

namespace sluice {

/// A replica's link to the shared state of its deployment: a command connection with the
/// function library on it, one RedisPool per configured pool, and the event stream on a
/// connection of its own. It pushes the replica's pool limits whenever the library is
/// (re)loaded and when the configuration changes, and says when it is ready: connected, the
/// library loaded and every pool configured. Not ready means fail_closed: the admission
/// refuses rather than decide without the shared counts.
///
/// Config versions: every replica loads the same file but numbers its versions in its own
/// store, so the version in Redis is the shared one. Pushing limits writes the next version
/// after Redis's (last writer wins); a replica whose calls are answered STALE_CONFIG adopts
/// the shared version (the limits in Redis are another replica's, newer than ours).
///
/// Threading: the thread it lives on (the engine's); signals come on it.
class SharedLink : public QObject
{
    Q_OBJECT
public:
    explicit SharedLink(const SharedOptions &options, QObject *parent = nullptr);

    /// Connects (and keeps reconnecting) with `config`'s pools.
    void open(const EngineConfig &config);
    void close();
    /// Pushes new limits (a configuration change); pools added get a RedisPool.
    void configure(const EngineConfig &config);

    /// The configuration is the deployment's (SharedConfig): once the library is loaded, no
    /// limits are pushed until configSynced(); libraryLoaded() asks for it, again after every
    /// reconnect and from retry(). Call before open().
    void waitForConfig() { m_gated = true; m_synced = false; }
    /// The configuration given to configure() is the deployment's: pushes the pools' limits.
    void configSynced();
    /// Redis answers, but this replica does not have the deployment's configuration yet (or
    /// refused it): not ready, and not an outage either.
    bool awaitingConfig() const { return m_loaded && !m_synced; }

    /// Pushes pool `name`'s limits again (Redis lost them: NO_CONFIG); not ready until done.
    void reconfigure(const QString &name);
    /// While connected but not ready (a failed library load or limits push, e.g. Redis was
    /// still loading its AOF), tries again; call it periodically (SharedAdmission::upkeep).
    void retry();

    bool isReady() const { return m_ready; }
    /// Why it is not ready, as a sentence; empty when ready.
    QString problem() const { return m_problem; }
    const SharedOptions &options() const { return m_options; }
    /// The calls of pool `name`; null for a pool the configuration does not have.
    RedisPool *pool(const QString &name);
    RedisConnection &connection() { return m_commands; }
    RedisConfigDocument &configDocument() { return m_configDocument; }
    RedisKeyRegistry &keyRegistry() { return m_keyRegistry; }
    const RedisKeys &keys() const { return m_keys; }

signals:
    void readyChanged(bool ready);
    /// The library is loaded and waitForConfig() holds the limits back: sync the
    /// configuration, then call configSynced().
    void libraryLoaded();
    /// An event of the deployment's stream (any pool, any replica's).
    void received(const sluice::RedisEvent &event);

private:
    void pushLimits(const QString &pool, int attempt);
    /// Pushes the limits of every pool Redis has not confirmed on this connection.
    void pushUnconfigured();
    void setReady(bool ready, const QString &problem);

    SharedOptions m_options;
    RedisKeys m_keys;
    RedisConnection m_commands;
    RedisConnection m_eventConnection;
    RedisFunctions m_functions;
    RedisEventReader m_events;
    RedisConfigDocument m_configDocument;
    RedisKeyRegistry m_keyRegistry;
    std::map<QString, std::unique_ptr<RedisPool>> m_pools;
    std::map<QString, RedisPoolLimits> m_limits;
    std::map<QString, bool> m_configured;
    bool m_ready = false;
    bool m_loaded = false; ///< the library is loaded on the current connection
    bool m_gated = false;  ///< waitForConfig() was called
    bool m_synced = true;  ///< limits may be pushed (see waitForConfig())
    QString m_problem;
};

} // namespace sluice
