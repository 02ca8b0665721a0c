#pragma once

#include "util/Result.h"

#include <QString>

#include <optional>

namespace sluice {

/// Where a Redis server is and who to be there: `redis://[[USER]:PASSWORD@]HOST:PORT[/DB]`
/// (PORT defaults to 6379, DB to 0; USER and PASSWORD percent-encoded). HOST may be a name,
/// an IPv4 address or a bracketed IPv6 address. With a password the connection sends
/// `AUTH [USER] PASSWORD` before anything else. No TLS (hiredis 0.14.1 has none): keep Redis
/// on loopback or a private network, or tunnel it.
struct RedisUrl
{
    QString host;
    quint16 port = 6379;
    int db = 0;
    QString user;     ///< an ACL user (Redis 6+); empty: the password alone (user `default`)
    QString password; ///< empty: no AUTH. Never shown: toString() and errors leave it out

    /// Parses `text`; INVALID_ARGUMENT with a sentence naming what was wrong, e.g.
    /// "Redis URL 'http://x': the scheme must be redis://". The sentence never holds the
    /// password.
    static Result<RedisUrl> parse(const QString &text);
    /// `redis://[USER@]HOST:PORT/DB`, for logs, metrics and the API: never the password.
    QString toString() const;
};

} // namespace sluice
