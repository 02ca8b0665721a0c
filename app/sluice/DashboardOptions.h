#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

/// What the `sluice` dashboard is given on its command line.
struct DashboardOptions
{
    static constexpr quint16 kDefaultPort = 8787;

    QString configPath;   ///< TOML; empty: built-in defaults
    QString dataDir;      ///< the embedded engine's sluice.db; empty: the XDG data dir
    QString settingsPath; ///< an INI file instead of the user's settings (tests, screenshots)
    /// Serve the gateway API on 127.0.0.1:port; nullopt: as the persisted setting says (on by
    /// default).
    std::optional<bool> serve;
    quint16 port = kDefaultPort;
    QString screenshotDir; ///< render every page here and exit
    int seedMinutes = 10;  ///< simulated demo traffic before the screenshots
    bool help = false;
    bool version = false;
};

/// Reads the command line (arguments[0] is the program); nullopt with a message naming the
/// bad option and what it allows. Needs no QCoreApplication (main() calls it before the
/// QApplication exists); Qt's own GUI options (-platform, -style, ...) are accepted and left
/// to QApplication.
Result<DashboardOptions> parseDashboardOptions(const QStringList &arguments);
QString dashboardUsage();
/// The version of this build, e.g. "0.1.0".
QString dashboardVersion();

/// The configuration to use when --config is not given: the shipped example
/// (packaging/sluice.example.toml) when the binary runs from its build tree, or the one
/// installed beside it; empty (built-in defaults) when there is none.
QString defaultConfigPath(const QString &applicationDir);

} // namespace sluice
