// sluice: the desktop dashboard. Everything is wired in DashboardApp; this file reads the
// command line and runs the event loop (or the screenshot mode).

#include "DashboardApp.h"
#include "DashboardOptions.h"
#include "ScreenshotRun.h"
#include "main/MainWindow.h"

#include <QApplication>
#include <QTextStream>

using namespace sluice;

int main(int argc, char *argv[])
{
    // The text answers (--help, --version, a bad option) need no display: the command line is
    // read before the QApplication exists, which aborts without one.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    Result<DashboardOptions> options = parseDashboardOptions(arguments);
    if (!options) {
        QTextStream(stderr) << "sluice: " << options.error().message << "\n\n" << dashboardUsage();
        return 2;
    }
    if (options->help) {
        QTextStream(stdout) << dashboardUsage();
        return 0;
    }
    if (options->version) {
        QTextStream(stdout) << "sluice " << dashboardVersion() << '\n';
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sluice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setApplicationVersion(dashboardVersion());
    QApplication::setDesktopFileName(QStringLiteral("io.github.sluice.Sluice"));
    if (options->configPath.isEmpty())
        options->configPath = defaultConfigPath(QApplication::applicationDirPath());
    if (!options->screenshotDir.isEmpty())
        return runScreenshots(*options);

    DashboardApp dashboard(*options);
    if (const Result<Done> started = dashboard.start(); !started) {
        QTextStream(stderr) << "sluice: " << started.error().message << '\n';
        return 1;
    }
    // The window may live in the tray while the Local API is served: quitting is explicit
    // (MainWindow::quitRequested), not the last window closing.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&dashboard.window(), &MainWindow::quitRequested, &app, &QApplication::quit,
                     Qt::QueuedConnection);
    dashboard.window().show();
    return app.exec();
}
