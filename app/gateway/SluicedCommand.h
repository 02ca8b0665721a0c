#pragma once

#include "Gateway.h"
#include "protocol/ApiTypes.h"

#include <QStringList>

#include <optional>

namespace sluice {

/// What `sluiced` was asked to do:
///   sluiced [--config FILE] [--data-dir DIR] [--listen HOST:PORT] [--tls-cert F --tls-key F]
///           [--log-format plain|json] [--max-body BYTES] [connection limits and timeouts]
///   sluiced check-config FILE
///   sluiced --version | --help
///   sluiced keys create --role client|support|operator|admin --name NAME [--data-dir DIR]
///   sluiced keys list [--data-dir DIR]
///   sluiced keys revoke ID [--data-dir DIR]
struct SluicedCommand
{
    enum class Kind : quint8
    {
        Run,
        KeysCreate,
        KeysList,
        KeysRevoke,
        CheckConfig,
        Version,
        Help
    };

    Kind kind = Kind::Run;
    GatewayOptions gateway; ///< Run; gateway.dataDir is set for every kind; CheckConfig: configPath
    Role role = Role::None; ///< KeysCreate
    QString name;           ///< KeysCreate
    QString keyId;          ///< KeysRevoke
};

/// Replaces the password of the Redis URL; sluiced reads it once and removes it from its
/// environment.
inline constexpr char kRedisPasswordVariable[] = "SLUICE_REDIS_PASSWORD";

/// Parses the arguments (argv[0] first); nullopt with a message naming the bad option.
/// Defaults: listen on 127.0.0.1:8787, data in the XDG data directory (e.g.
/// ~/.local/share/sluiced), plain logs, bodies up to 1 MiB.
Result<SluicedCommand> parseSluicedCommand(const QStringList &arguments);
QString sluicedUsage();

/// "127.0.0.1:8787", "[::1]:8787", "0.0.0.0:80"; false with a message otherwise.
Result<Done> parseListenAddress(const QString &text, QHostAddress *address, quint16 *port);

} // namespace sluice
