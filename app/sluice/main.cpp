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
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sluice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setDesktopFileName(QStringLiteral("sluice"));
    QTextStream err(stderr);
    QString error;
    std::optional<DashboardOptions> options = parseDashboardOptions(app.arguments(), &error);
    if (!options) {
        err << "sluice: " << error << "\n\n" << dashboardUsage();
        return 2;
    }
    if (options->help) {
        QTextStream(stdout) << dashboardUsage();
        return 0;
    }
    if (options->configPath.isEmpty())
        options->configPath = defaultConfigPath(QApplication::applicationDirPath());
    if (!options->screenshotDir.isEmpty())
        return runScreenshots(*options);

    DashboardApp dashboard(*options);
    if (!dashboard.start(&error)) {
        err << "sluice: " << error << '\n';
        return 1;
    }
    dashboard.window().show();
    return app.exec();
}
