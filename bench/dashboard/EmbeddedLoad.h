#pragma once

#include <QString>

namespace sluice::bench {

/// The dashboard (the real DashboardApp) serving its embedded gateway on 127.0.0.1 while
/// `wrk` drives acquire+release pairs at it (bench/gateway/acquire_release.lua, paced by a
/// per-request delay so that the rate is about `pairsPerSecond`). The window shows the Local
/// Overview; a LoopProbe on the GUI thread records how late its timer fires meanwhile: the
/// UI-thread stall that people would feel as a frozen window.
class EmbeddedLoad
{
public:
    struct Settings
    {
        QString script; ///< acquire_release.lua
        int pairsPerSecond = 5000;
        int seconds = 20;
        int connections = 100;
    };

    explicit EmbeddedLoad(Settings settings);
    /// Runs the load and prints the figures; the exit code.
    int run();

private:
    Settings m_settings;
};

} // namespace sluice::bench
