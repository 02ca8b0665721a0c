#pragma once

#include "util/Result.h"

#include <QString>

#include <optional>

namespace sluice {

/// Where a Redis server is: `redis://HOST:PORT[/DB]` (PORT defaults to 6379, DB to 0).
/// HOST may be a name, an IPv4 address or a bracketed IPv6 address. No TLS (hiredis 0.14.1
/// has none), no password: keep Redis on loopback or a private network.
struct RedisUrl
{
    QString host;
    quint16 port = 6379;
    int db = 0;

    /// Parses `text`; INVALID_ARGUMENT with a sentence naming what was wrong, e.g.
    /// "Redis URL 'http://x': the scheme must be redis://".
    static Result<RedisUrl> parse(const QString &text);
    QString toString() const;
};

} // namespace sluice
