#pragma once

#include "LoopProbe.h"

#include <QProcess>
#include <QString>

namespace sluice::bench {

/// The dashboard (the real DashboardApp, with its own idle Local engine) connected to a
/// StreamingGateway in a child process, showing that gateway's Overview with every chart on
/// its 60-minute range. Two phases:
///  - fill: engine time runs `speed` times faster and the Overview takes a sample for every
///    stream message, so `minutes` of simulated time (one sample per simulated second) pass
///    in minutes * 60 / speed seconds; resident memory is read at the end;
///  - steady: engine time at wall-clock speed, the Overview's own 1 s tick, for `steadySeconds`.
/// Each phase reports event-loop lateness (p50, p99, max) and the process's CPU share.
class DashboardLoad
{
public:
    struct Settings
    {
        QString program; ///< this benchmark's executable (the child runs it with --gateway)
        int minutes = 10;
        double speed = 10;
        int steadySeconds = 60;
    };

    explicit DashboardLoad(Settings settings);
    /// Runs both phases and prints the figures; the exit code.
    int run();

private:
    bool startChild(quint16 *port, QString *key);
    void setChildSpeed(double speed);

    Settings m_settings;
    QProcess m_child;
};

/// Launches `program --first-paint` `runs` times and prints how long each took from the
/// launch to the first painted dashboard window; the exit code.
int measureFirstPaint(const QString &program, int runs);
/// The child side of measureFirstPaint: builds the dashboard, shows it, prints "painted"
/// at its first paint event and exits.
int firstPaintChild();

void printFigures(const char *phase, const LoopProbe::Figures &figures);

} // namespace sluice::bench
