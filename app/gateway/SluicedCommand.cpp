#include "SluicedCommand.h"

#include "config/TomlConfigReader.h"
#include "protocol/WireRecords.h"

#include <QCommandLineParser>
#include <QStandardPaths>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kDefaultMaxBody = 1 << 20;

QString defaultDataDir()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + u"/sluiced"_s;
}
} // namespace

QString sluicedUsage()
{
    const HttpConnection::Limits limits;
    return uR"(Usage:
  sluiced [--config FILE] [--data-dir DIR] [--listen HOST:PORT]
          [--tls-cert FILE --tls-key FILE] [--log-format plain|json] [--max-body BYTES]
          [--max-connections N] [--max-connections-per-address N]
          [--head-timeout MS] [--body-timeout MS] [--idle-timeout MS]
          [--redis redis://[[USER]:PASSWORD@]HOST:PORT[/DB] [--deployment NAME]
           [--replica NAME]]
  sluiced check-config FILE
  sluiced keys create --role client|support|operator|admin --name NAME [--data-dir DIR]
  sluiced keys list [--data-dir DIR]
  sluiced keys revoke ID [--data-dir DIR]
  sluiced --help | --version

The Sluice gateway: the engine behind an HTTP and WebSocket API and a reverse proxy.

  --config FILE        configuration (TOML); default: built-in defaults
  --data-dir DIR       where the store (sluice.db) is; default ~/.local/share/sluiced
  --listen HOST:PORT   address to serve on (default 127.0.0.1:8787; port 0: any free one)
  --tls-cert FILE      serve TLS with this certificate (PEM), with --tls-key
  --tls-key FILE       the certificate's private key (PEM)
  --log-format FORMAT  plain or json (default plain), on stderr
  --max-body BYTES     largest request body, 1024-1073741824 (default %1)
  --max-connections N  open connections in total, beyond them 503 (default %2)
  --max-connections-per-address N
                       open connections per client address, IPv6 per /64 (default %3)
  --head-timeout MS    a request head must arrive whole within this (default %4)
  --body-timeout MS    a request body must arrive whole within this (default %5)
  --idle-timeout MS    an idle keep-alive connection closes after this (default %6)
  --redis URL          share every pool's limits, quotas and one queue with the other
                       replicas of the deployment through this Redis (docs/deployment.md);
                       while Redis cannot be reached, each pool's redis_down
                       decides: fail_closed keeps requests that may wait until it
                       answers and refuses the others (503), local_share admits a share;
                       default: the configuration's redis_url. SLUICE_REDIS_PASSWORD in
                       the environment replaces the URL's password
  --deployment NAME    the replicas sharing state (default: the configuration's
                       deployment, else "default")
  --replica NAME       this replica's name (default: the configuration's replica, else
                       host name and port)
  -h, --help           this text
  --version            the version

check-config FILE validates a configuration and prints every error with its file:line;
exit status 0 when valid, 1 when not. A key is printed once, when created; only its hash
is stored. SIGTERM or SIGINT: graceful shutdown. SIGHUP: read --config again.
)"_s.arg(kDefaultMaxBody)
        .arg(limits.maxConnections)
        .arg(limits.maxConnectionsPerAddress)
        .arg(limits.headTimeoutMs)
        .arg(limits.bodyTimeoutMs)
        .arg(limits.idleTimeoutMs);
}

Result<Done> parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = colon < 0 ? QString() : text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = colon < 0 ? 0 : text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535 || !address->setAddress(host)) {
        return Error{
            errors::kInvalidArgument,
            u"--listen must be HOST:PORT with an IP address and a port 0-65535, e.g. 127.0.0.1:8787 or [::1]:8787 (got \"%1\")"_s
                .arg(text),
            {}};
    }
    *port = quint16(number);
    return Done{};
}

Result<SluicedCommand> parseSluicedCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption config(u"config"_s, u"Configuration file (TOML)."_s, u"file"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Directory of the store."_s, u"dir"_s);
    const QCommandLineOption listen(u"listen"_s, u"Address and port."_s, u"host:port"_s,
                                    u"127.0.0.1:8787"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"TLS certificate (PEM)."_s, u"file"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"TLS private key (PEM)."_s, u"file"_s);
    const QCommandLineOption logFormat(u"log-format"_s, u"plain or json."_s, u"format"_s,
                                       u"plain"_s);
    const QCommandLineOption maxBody(u"max-body"_s, u"Largest request body."_s, u"bytes"_s,
                                     QString::number(kDefaultMaxBody));
    const HttpConnection::Limits defaults;
    const QCommandLineOption maxConnections(u"max-connections"_s,
                                            u"Open connections in total (503 beyond)."_s, u"n"_s,
                                            QString::number(defaults.maxConnections));
    const QCommandLineOption maxPerAddress(
        u"max-connections-per-address"_s,
        u"Open connections per client address, IPv6 per /64 (503 beyond)."_s, u"n"_s,
        QString::number(defaults.maxConnectionsPerAddress));
    const QCommandLineOption headTimeout(u"head-timeout"_s,
                                         u"A request head must arrive whole within this."_s,
                                         u"ms"_s, QString::number(defaults.headTimeoutMs));
    const QCommandLineOption bodyTimeout(u"body-timeout"_s,
                                         u"A request body must arrive whole within this."_s,
                                         u"ms"_s, QString::number(defaults.bodyTimeoutMs));
    const QCommandLineOption idleTimeout(u"idle-timeout"_s,
                                         u"An idle keep-alive connection closes after this."_s,
                                         u"ms"_s, QString::number(defaults.idleTimeoutMs));
    const QCommandLineOption redis(u"redis"_s, u"Redis URL (shared mode)."_s, u"url"_s);
    const QCommandLineOption deployment(u"deployment"_s, u"Deployment name."_s, u"name"_s);
    const QCommandLineOption replica(u"replica"_s, u"Replica name."_s, u"name"_s);
    const QCommandLineOption role(u"role"_s, u"Role of a new key."_s, u"role"_s);
    const QCommandLineOption name(u"name"_s, u"Name of a new key."_s, u"name"_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    parser.addOptions({config, dataDir, listen, tlsCert, tlsKey, logFormat, maxBody, maxConnections,
                       maxPerAddress, headTimeout, bodyTimeout, idleTimeout, redis, deployment,
                       replica, role, name, help, version});
    if (!parser.parse(arguments)) {
        return Error{errors::kInvalidArgument, parser.errorText(), {}};
    }
    SluicedCommand command;
    command.gateway.dataDir = parser.isSet(dataDir) ? parser.value(dataDir) : defaultDataDir();
    if (parser.isSet(help)) {
        command.kind = SluicedCommand::Kind::Help;
        return command;
    }
    if (parser.isSet(version)) {
        command.kind = SluicedCommand::Kind::Version;
        return command;
    }
    const QStringList words = parser.positionalArguments();
    if (!words.isEmpty() && words.first() == u"check-config") {
        if (words.size() != 2) {
            return Error{errors::kInvalidArgument, u"check-config needs one FILE"_s, {}};
        }
        command.kind = SluicedCommand::Kind::CheckConfig;
        command.gateway.configPath = words[1];
        return command;
    }
    if (!words.isEmpty()) {
        if (words.first() != u"keys" || words.size() < 2) {
            return Error{
                errors::kInvalidArgument, u"unknown command \"%1\""_s.arg(words.join(u' ')), {}};
        }
        const QString action = words[1];
        if (action == u"create" && words.size() == 2) {
            command.kind = SluicedCommand::Kind::KeysCreate;
            const std::optional<Role> parsed = roleFromName(parser.value(role));
            if (!parsed || *parsed == Role::None) {
                return Error{
                    errors::kInvalidArgument,
                    u"keys create needs --role client, support, operator or admin (got \"%1\")"_s
                        .arg(parser.value(role)),
                    {}};
            }
            command.role = *parsed;
            command.name = parser.value(name);
            if (command.name.isEmpty()) {
                return Error{errors::kInvalidArgument, u"keys create needs --name NAME"_s, {}};
            }
        } else if (action == u"list" && words.size() == 2) {
            command.kind = SluicedCommand::Kind::KeysList;
        } else if (action == u"revoke" && words.size() == 3) {
            command.kind = SluicedCommand::Kind::KeysRevoke;
            command.keyId = words[2];
        } else {
            return Error{errors::kInvalidArgument,
                         u"unknown keys command \"%1\" (create, list or revoke ID)"_s.arg(
                             words.mid(1).join(u' ')),
                         {}};
        }
        return command;
    }
    GatewayOptions &gateway = command.gateway;
    gateway.configPath = parser.value(config);
    if (const Result<Done> address =
            parseListenAddress(parser.value(listen), &gateway.http.address, &gateway.http.port);
        !address)
        return address.error();
    // Shared mode: --redis, or the configuration file's redis_url (its deployment and replica
    // too, unless given here). A file the runtime cannot read is the runtime's to report.
    ReplicaSettings file;
    if (!gateway.configPath.isEmpty())
        readConfigFile(gateway.configPath, &file);
    const QString password = qEnvironmentVariable(kRedisPasswordVariable);
    // Read once, and out of the environment the gateway sees: no pool's upstream_key_env
    // can send it anywhere.
    gateway.environment.remove(QString::fromLatin1(kRedisPasswordVariable));
    const auto orFile = [&](const QCommandLineOption &option, const QString &fromFile) {
        return parser.isSet(option) ? parser.value(option) : fromFile;
    };
    if (parser.isSet(redis) || !file.redisUrl.isEmpty()) {
        const Result<SharedOptions> shared =
            SharedOptions::parse(orFile(redis, file.redisUrl), orFile(deployment, file.deployment),
                                 orFile(replica, file.replica), gateway.http.port, password);
        if (!shared && parser.isSet(redis))
            return shared.error();
        if (!shared) {
            return Error{
                shared.error().code, gateway.configPath + u": "_s + shared.error().message, {}};
        }
        gateway.shared = *shared;
    } else if (parser.isSet(deployment) || parser.isSet(replica)) {
        return Error{errors::kInvalidArgument,
                     u"--deployment and --replica need --redis (or redis_url in the "
                     "configuration)"_s,
                     {}};
    } else if (!file.deployment.isEmpty() || !file.replica.isEmpty()) {
        return Error{errors::kInvalidArgument,
                     gateway.configPath + u": deployment and replica need redis_url"_s,
                     {}};
    }
    gateway.http.tlsCertificate = parser.value(tlsCert);
    gateway.http.tlsKey = parser.value(tlsKey);
    if (gateway.http.tlsCertificate.isEmpty() != gateway.http.tlsKey.isEmpty()) {
        return Error{errors::kInvalidArgument, u"--tls-cert and --tls-key go together"_s, {}};
    }
    const std::optional<AccessLog::Format> format =
        AccessLog::formatFromName(parser.value(logFormat));
    if (!format) {
        return Error{
            errors::kInvalidArgument,
            u"--log-format must be plain or json (got \"%1\")"_s.arg(parser.value(logFormat)),
            {}};
    }
    gateway.logFormat = *format;
    bool ok = false;
    gateway.http.limits.maxBodyBytes = parser.value(maxBody).toLongLong(&ok);
    if (!ok || gateway.http.limits.maxBodyBytes < 1024 ||
        gateway.http.limits.maxBodyBytes > (1LL << 30)) {
        return Error{errors::kInvalidArgument,
                     u"--max-body must be between 1024 and 1073741824 bytes (got \"%1\")"_s.arg(
                         parser.value(maxBody)),
                     {}};
    }
    HttpConnection::Limits &limits = gateway.http.limits;
    const struct
    {
        const QCommandLineOption &option;
        int *field;
        int min;
        int max;
    } bounded[] = {
        {maxConnections, &limits.maxConnections, 1, 1'000'000},
        {maxPerAddress, &limits.maxConnectionsPerAddress, 1, 1'000'000},
        {headTimeout, &limits.headTimeoutMs, 100, 3'600'000},
        {bodyTimeout, &limits.bodyTimeoutMs, 100, 3'600'000},
        {idleTimeout, &limits.idleTimeoutMs, 100, 3'600'000},
    };
    for (const auto &[option, field, min, max] : bounded) {
        const QString text = parser.value(option);
        *field = text.toInt(&ok);
        if (!ok || *field < min || *field > max) {
            return Error{
                errors::kInvalidArgument,
                u"--%1 must be between %2 and %3 (got \"%4\")"_s.arg(option.names().first())
                    .arg(min)
                    .arg(max)
                    .arg(text),
                {}};
        }
    }
    return command;
}

} // namespace sluice
