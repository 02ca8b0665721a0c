#pragma once

#include "DashboardOptions.h"

#include <QString>

namespace sluice {

class DashboardApp;
class ManualClock;

/// `sluice --screenshot DIR`: a dashboard on a fresh engine in simulated time. seed() runs
/// the demo traffic for some minutes with a few operator actions on the way (a preset
/// applied, a pool paused and resumed, a user's tier pinned, an alert acknowledged, a test
/// alert, a user refused for their quota, the busiest pool paused near the end so that its
/// queue grows), all through the Local backend so that they reach the audit log and history; a
/// second gateway entry reaches the same engine over HTTP with a support key, and a third
/// points at a closed port. render() shows every page and saves it as DIR/<page>.png.
class ScreenshotRun
{
public:
    ScreenshotRun(DashboardApp &app, ManualClock &clock);

    void seed(int minutes);
    Result<Done> render(const QString &dir);

private:
    void step(int second, int secondsLeft);
    void addGateways();
    void settle(int ms);

    DashboardApp &m_app;
    ManualClock &m_clock;
};

/// Runs the whole screenshot mode for `options` (a temporary data directory unless one is
/// given); the process's exit code.
int runScreenshots(const DashboardOptions &options);

} // namespace sluice
