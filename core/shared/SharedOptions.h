#pragma once

#include "redis/RedisFunctions.h"
#include "redis/RedisUrl.h"

#include <QString>

#include <optional>

namespace sluice {

/// How a replica reaches the shared state of its deployment (sluiced --redis, --deployment,
/// --replica; SCALEOUT.md).
struct SharedOptions
{
    RedisUrl url;
    QString deployment = QStringLiteral("default"); ///< the hash tag {sl:<deployment>}
    QString replica; ///< this replica's name in events and metrics; unique per deployment
    /// The name was given (--replica, or the file's `replica`); else it is the default, which
    /// the gateway replaces with the one its store kept from its first start.
    bool replicaGiven = false;
    int commandTimeoutMs = 200; ///< a slower answer fails the call (fail_closed)
    RedisFunctions::Mode mode = RedisFunctions::Mode::Functions;

    /// From sluiced's --redis URL, --deployment NAME and --replica NAME (empty: the host
    /// name and `port`, or the process id when the port is 0), or the same keys of its
    /// configuration file. A non-empty `password` (SLUICE_REDIS_PASSWORD) replaces the URL's.
    /// INVALID_ARGUMENT with a sentence naming what was wrong.
    static Result<SharedOptions> parse(const QString &url, const QString &deployment,
                                       const QString &replica, quint16 port,
                                       const QString &password = {});
};

} // namespace sluice
