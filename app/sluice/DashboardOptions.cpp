#include "DashboardOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace sluice {

using namespace Qt::StringLiterals;

QString dashboardUsage()
{
    return uR"(Usage:
  sluice [--config FILE] [--data-dir DIR] [--no-serve | --serve] [--port PORT]
         [--settings FILE] [--screenshot DIR [--seed-minutes N]]
  sluice --help | --version

The Sluice dashboard. It runs the embedded engine ("Local"), whose state lives in the data
directory (default: the XDG data directory, e.g. ~/.local/share/sluice), and by default
serves the gateway API for local applications on 127.0.0.1:8787 (--no-serve, or the
switch in the status bar, turns that off; the choice is remembered). Remote gateways are
added on the Connections page.

  --config FILE      engine configuration (TOML); default: the shipped example when found
                     (packaging/sluice.example.toml), else built-in defaults
  --data-dir DIR     where the embedded engine keeps sluice.db
  --no-serve         do not serve the gateway API this time
  --serve            serve it this time
  --port PORT        port of the served API, 1-65535 (default 8787)
  --settings FILE    keep settings in this INI file instead of the user's
  --screenshot DIR   run demo traffic in simulated time, render every page to DIR/*.png, exit
  --seed-minutes N   simulated minutes of demo traffic before the screenshots, 1-120 (10)
  -h, --help         this text
  --version          the version

Qt's options (-platform NAME, -style NAME, -reverse, ...) are accepted as well.
)"_s;
}

QString dashboardVersion()
{
    return QStringLiteral(SLUICE_VERSION);
}

namespace {

/// QGuiApplication's and QApplication's own options: accepted here, applied by QApplication.
void addQtOptions(QCommandLineParser &parser)
{
    for (const char16_t *name : {u"platform", u"platformpluginpath", u"platformtheme", u"plugin",
                                 u"qwindowgeometry", u"qwindowicon", u"qwindowtitle", u"session",
                                 u"display", u"geometry", u"style", u"stylesheet"})
        parser.addOption(QCommandLineOption(QString::fromUtf16(name), {}, u"VALUE"_s));
    for (const char16_t *name : {u"reverse", u"widgetcount", u"nograb", u"dograb"})
        parser.addOption(QCommandLineOption(QString::fromUtf16(name)));
}

} // namespace

Result<DashboardOptions> parseDashboardOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption config(u"config"_s, {}, u"FILE"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, {}, u"DIR"_s);
    const QCommandLineOption noServe(u"no-serve"_s);
    const QCommandLineOption serve(u"serve"_s);
    const QCommandLineOption port(u"port"_s, {}, u"PORT"_s);
    const QCommandLineOption settings(u"settings"_s, {}, u"FILE"_s);
    const QCommandLineOption screenshot(u"screenshot"_s, {}, u"DIR"_s);
    const QCommandLineOption seedMinutes(u"seed-minutes"_s, {}, u"N"_s);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s});
    const QCommandLineOption version(u"version"_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(
        {config, dataDir, noServe, serve, port, settings, screenshot, seedMinutes, help, version});
    addQtOptions(parser);
    if (!parser.parse(arguments)) {
        return Error{errors::kInvalidArgument, parser.errorText(), {}};
    }
    if (!parser.positionalArguments().isEmpty()) {
        return Error{errors::kInvalidArgument,
                     u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()),
                     {}};
    }
    DashboardOptions options;
    options.help = parser.isSet(help);
    options.version = parser.isSet(version);
    options.configPath = parser.value(config);
    options.dataDir = parser.value(dataDir);
    options.settingsPath = parser.value(settings);
    options.screenshotDir = parser.value(screenshot);
    if (parser.isSet(noServe) && parser.isSet(serve)) {
        return Error{errors::kInvalidArgument, u"--serve and --no-serve exclude each other"_s, {}};
    }
    if (parser.isSet(noServe) || parser.isSet(serve))
        options.serve = parser.isSet(serve);
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value < 1 || value > 65535) {
            return Error{
                errors::kInvalidArgument,
                u"--port must be a number from 1 to 65535 (got \"%1\")"_s.arg(parser.value(port)),
                {}};
        }
        options.port = quint16(value);
    }
    if (parser.isSet(seedMinutes)) {
        bool ok = false;
        const int value = parser.value(seedMinutes).toInt(&ok);
        if (!ok || value < 1 || value > 120) {
            return Error{errors::kInvalidArgument,
                         u"--seed-minutes must be a number from 1 to 120 (got \"%1\")"_s.arg(
                             parser.value(seedMinutes)),
                         {}};
        }
        options.seedMinutes = value;
    }
    if (!options.configPath.isEmpty() && !QFileInfo(options.configPath).isFile()) {
        return Error{
            errors::kInvalidArgument, u"--config: no file \"%1\""_s.arg(options.configPath), {}};
    }
    return options;
}

QString defaultConfigPath(const QString &applicationDir)
{
    const QDir dir(applicationDir);
    for (const QString &candidate :
         {u"../../../packaging/sluice.example.toml"_s, u"../share/sluice/sluice.example.toml"_s}) {
        const QFileInfo file(dir.filePath(candidate));
        if (file.isFile())
            return file.canonicalFilePath();
    }
    return {};
}

} // namespace sluice
