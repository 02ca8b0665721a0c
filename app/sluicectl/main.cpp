// sluicectl: a command-line client for the operator and admin actions of a Sluice gateway's
// HTTP API. The commands are in CommandTable.cpp; CtlMain runs one.

#include "CtlMain.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sluicectl"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return sluice::ctl::runSluicectl(app.arguments(), QProcessEnvironment::systemEnvironment(), out,
                                     err);
}
