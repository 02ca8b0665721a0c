// sluiced: the headless gateway. Everything is wired in Gateway; this file only reads the
// command line and runs the event loop until SIGTERM or SIGINT.

#include "Gateway.h"
#include "KeyCommands.h"
#include "MessageLog.h"
#include "SluicedCommand.h"
#include "UnixSignals.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace sluice;

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
    QString error;
    const std::optional<SluicedCommand> command = parseSluicedCommand(app.arguments(), &error);
    if (!command) {
        err << "sluiced: " << error << "\n\n" << sluicedUsage();
        return 2;
    }
    switch (command->kind) {
    case SluicedCommand::Kind::Help:
        out << sluicedUsage();
        return 0;
    case SluicedCommand::Kind::Run:
        break;
    default:
        return runKeyCommand(*command, out, err);
    }

    installMessageLog(command->gateway.logFormat);
    const std::unique_ptr<Gateway> gateway = Gateway::start(command->gateway, &error);
    if (!gateway) {
        qCritical().noquote() << "sluiced:" << error;
        return 1;
    }
    const QHostAddress &address = command->gateway.http.address;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']' // RFC 3986 IP-literal
                             : address.toString();
    qInfo().noquote() << "sluiced listening on"
                      << (gateway->http().isTls() ? QStringLiteral("https://")
                                                  : QStringLiteral("http://")) +
                             host + u':' + QString::number(gateway->port());
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::terminationRequested, gateway.get(),
                     [&](int number) {
                         qInfo() << "sluiced: signal" << number << "- shutting down";
                         gateway->shutdown([&app] { app.quit(); });
                     });
    return app.exec();
}
