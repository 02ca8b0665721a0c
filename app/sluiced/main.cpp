// sluiced: the headless gateway. Everything is wired in Gateway, which runs on the engine
// thread; this file reads the command line and runs the main thread's event loop (signals)
// until SIGTERM or SIGINT, reloading the configuration on SIGHUP and telling systemd.

#include "CheckConfigCommand.h"
#include "Gateway.h"
#include "KeyCommands.h"
#include "MessageLog.h"
#include "SluicedCommand.h"
#include "SystemdNotifier.h"
#include "UnixSignals.h"
#include "runtime/EngineRuntime.h"
#include "runtime/EngineThread.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace sluice;

namespace {

/// Logs what a reload did: the new version, that nothing changed, or every error.
void logReload(const ConfigReload &reload, const QString &path)
{
    const Result<ConfigApplied> &result = reload.result;
    if (path.isEmpty()) {
        qInfo().noquote() << "sluiced: reload: no --config file; version" << reload.version
                          << "stays in force";
    } else if (!reload.fileChanged) {
        qInfo().noquote() << "sluiced: reload:" << path
                          << "is unchanged since it was loaded; version" << reload.version
                          << "stays in force";
    } else if (!result) {
        for (const FieldError &error : result.error().fields)
            qCritical().noquote() << "sluiced: reload:" << error.message;
        if (result.error().fields.isEmpty())
            qCritical().noquote() << "sluiced: reload:" << result.error().message;
        qCritical().noquote() << "sluiced: reload:" << path << "rejected; version" << reload.version
                              << "stays in force, nothing changed";
    } else if (result->changes.isEmpty()) {
        qInfo().noquote() << "sluiced: reload:" << path
                          << "asks for the configuration in force, version" << reload.version;
    } else {
        qInfo().noquote() << "sluiced: reload:" << path << "loaded as version" << reload.version;
    }
    for (const QString &note : reload.notes)
        qInfo().noquote() << "sluiced: reload:" << note;
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own Unix event dispatcher serves ~17% more requests per second than the GLib one
    // here (bench/gateway); sluiced needs nothing from GLib.
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sluiced"));
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Result<SluicedCommand> command = parseSluicedCommand(app.arguments());
    qunsetenv(kRedisPasswordVariable); // read by the parser; nothing else may see it
    if (!command) {
        err << "sluiced: " << command.error().message << "\n\n" << sluicedUsage();
        return 2;
    }
    switch (command->kind) {
    case SluicedCommand::Kind::Help:
        out << sluicedUsage();
        return 0;
    case SluicedCommand::Kind::Version:
        out << "sluiced " SLUICE_VERSION "\n";
        return 0;
    case SluicedCommand::Kind::CheckConfig:
        return runCheckConfig(command->gateway.configPath, out, err);
    case SluicedCommand::Kind::Run:
        break;
    default:
        return runKeyCommand(*command, out, err);
    }

    installMessageLog(command->gateway.logFormat);
    // Handlers first: a signal that comes while starting waits for the event loop instead of
    // ending the process (SIGHUP's default).
    UnixSignals unixSignals;
    EngineThread engine;
    std::unique_ptr<Gateway> gateway;
    const Result<Done> started = engine.call([&]() -> Result<Done> {
        Result<std::unique_ptr<Gateway>> opened = Gateway::start(command->gateway);
        if (!opened)
            return opened.error();
        gateway = std::move(opened).value();
        return Done{};
    });
    if (!started) {
        qCritical().noquote() << "sluiced:" << started.error().message;
        return 1;
    }
    const auto [tls, port] =
        engine.call([&] { return std::pair(gateway->http().isTls(), gateway->port()); });
    const QHostAddress &address = command->gateway.http.address;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']' // RFC 3986 IP-literal
                             : address.toString();
    const QString url = (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + host +
                        u':' + QString::number(port);
    qInfo().noquote() << "sluiced listening on" << url;
    SystemdNotifier systemd;
    const QString readyStatus = QStringLiteral("Serving on ") + url;
    QObject::connect(&unixSignals, &UnixSignals::reloadRequested, &app, [&] {
        systemd.reloading();
        const ConfigReload reload = engine.call([&] { return gateway->runtime().reloadConfig(); });
        logReload(reload, command->gateway.configPath);
        systemd.ready(readyStatus);
    });
    QObject::connect(&unixSignals, &UnixSignals::terminationRequested, &app, [&](int number) {
        qInfo() << "sluiced: signal" << number << "- shutting down";
        systemd.stopping();
        engine.post([&] {
            gateway->shutdown([&app] {
                QMetaObject::invokeMethod(&app, [] { QCoreApplication::quit(); },
                                          Qt::QueuedConnection);
            });
        });
    });
    systemd.ready(readyStatus);
    const int code = app.exec();
    engine.call([&] { gateway.reset(); });
    return code;
}
