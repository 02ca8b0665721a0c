// bench_dashboard: how the dashboard holds up under a gateway streaming at its maximum rate
// (8 pools, 10 messages a second), with every chart on its 60-minute range: event-loop
// lateness (p50, p99, max), CPU share of one core, resident memory after 10 simulated
// minutes; and the time from launch to the first painted window.
// Modes: (none) runs everything; --gateway is the child gateway; --first-paint the child
// dashboard whose first paint is timed.
#include "DashboardLoad.h"
#include "EmbeddedLoad.h"
#include "StreamingGateway.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace sluice::bench;

namespace {

int runGateway(double speed)
{
    StreamingGateway gateway;
    gateway.setSpeed(speed);
    if (const sluice::Result<sluice::Done> started = gateway.start(); !started) {
        std::fprintf(stderr, "bench_dashboard --gateway: %s\n",
                     qPrintable(started.error().message));
        return 1;
    }
    std::printf("READY %u %s\n", unsigned(gateway.port()), qPrintable(gateway.dashboardKey()));
    std::fflush(stdout);
    // Commands on stdin: "speed X", "quit" (or end of input).
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &gateway, [&] {
        char buffer[256];
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got <= 0) {
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, got);
        while (pending.contains('\n')) {
            const QByteArray line = pending.left(pending.indexOf('\n')).trimmed();
            pending.remove(0, pending.indexOf('\n') + 1);
            if (line.startsWith("speed "))
                gateway.setSpeed(line.mid(6).toDouble());
            else if (line == "quit")
                QCoreApplication::quit();
        }
    });
    return QCoreApplication::exec();
}

int number(const QCommandLineParser &parser, const QString &name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        std::fprintf(stderr, "bench_dashboard: --%s must be %d to %d\n", qPrintable(name), min,
                     max);
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"sluice.*=false\n*.debug=false"_s);
    const bool gatewayMode = argc > 1 && qstrcmp(argv[1], "--gateway") == 0;
    std::unique_ptr<QCoreApplication> app = gatewayMode
                                                ? std::make_unique<QCoreApplication>(argc, argv)
                                                : std::make_unique<QApplication>(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"gateway"_s, u"child: the streaming gateway"_s},
         {u"first-paint"_s, u"child: a dashboard whose first paint is timed"_s},
         {u"speed"_s, u"engine time per wall-clock time while filling the charts"_s, u"X"_s,
          u"10"_s},
         {u"minutes"_s, u"simulated minutes to fill the charts with"_s, u"N"_s, u"10"_s},
         {u"steady"_s, u"seconds of real-time streaming after filling"_s, u"N"_s, u"60"_s},
         {u"paint-runs"_s, u"launches timed to the first paint"_s, u"N"_s, u"5"_s},
         {u"embedded-wrk"_s,
          u"only: the dashboard's own gateway under wrk (acquire_release.lua, this path)"_s,
          u"SCRIPT"_s},
         {u"pairs"_s, u"acquire+release pairs a second for --embedded-wrk"_s, u"N"_s, u"5000"_s},
         {u"seconds"_s, u"how long --embedded-wrk runs"_s, u"N"_s, u"20"_s}});
    parser.addHelpOption();
    parser.process(*app);
    const int speed = number(parser, u"speed"_s, 1, 100);
    if (parser.isSet(u"gateway"_s))
        return runGateway(speed);
    if (parser.isSet(u"first-paint"_s))
        return firstPaintChild();

    if (parser.isSet(u"embedded-wrk"_s)) {
        EmbeddedLoad::Settings embedded;
        embedded.script = parser.value(u"embedded-wrk"_s);
        embedded.pairsPerSecond = number(parser, u"pairs"_s, 1, 100'000);
        embedded.seconds = number(parser, u"seconds"_s, 1, 3600);
        return EmbeddedLoad(embedded).run();
    }

    DashboardLoad::Settings settings;
    settings.program = QCoreApplication::applicationFilePath();
    settings.speed = speed;
    settings.minutes = number(parser, u"minutes"_s, 1, 60);
    settings.steadySeconds = number(parser, u"steady"_s, 5, 3600);
    DashboardLoad load(settings);
    if (const int code = load.run())
        return code;
    return measureFirstPaint(settings.program, number(parser, u"paint-runs"_s, 1, 50));
}
