#pragma once

#include "engine/EngineTypes.h"
#include "retry/RetryPolicy.h"

#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

namespace sluice {

/// Checks a client's key (from `x-api-key` or `Authorization: Bearer`): the client's name
/// when the key may use the proxy, nullopt when it may not (401). The gateway plugs its key
/// store in here: ApiKeys::authenticate() and the proxy route's role check (client or admin),
/// returning Identity::name. The key is never logged.
using ClientAuthenticator = std::function<std::optional<QString>(const QByteArray &key)>;

/// How the reverse proxy runs.
struct ProxyOptions
{
    ClientAuthenticator authenticate;  ///< empty: every request is refused (401)
    /// Where pools' upstream keys come from (PoolConfig::upstreamKeyEnv names the variable).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    qint64 upstreamIdleTimeoutMs = 120'000;  ///< an upstream silent this long fails (0: never)
    RetryPolicy::RandomSource random;  ///< backoff jitter; empty: the system's
};

/// How one proxied request went: for the log, metrics and tests.
struct ProxyOutcome
{
    QString pool;
    QString user;
    QByteArray method;
    QByteArray path;
    RequestId id = 0;      ///< 0: never admitted
    int status = 0;        ///< the status the client got; 0 if it went away first
    int attempts = 0;      ///< upstream calls made
    qint64 queuedMs = 0;   ///< from arrival until the slot was granted
    qint64 totalMs = 0;    ///< from arrival until the end
    bool released = false; ///< the proxy released the lease (false: none, or the engine ended it)
    Usage usage;           ///< as reported on release
    QString ending;        ///< completed, upstream_failed, client_gone, rejected, ...
};

} // namespace sluice
