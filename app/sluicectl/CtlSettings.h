#pragma once

#include "ExitCode.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace sluice::ctl {

/// Where sluicectl talks to and with which key. Each value comes from the first of: the
/// command line (--url, --key, --key-file, --insecure, --timeout), the environment
/// (SLUICE_URL, SLUICE_API_KEY, SLUICE_API_KEY_FILE), the settings file (--config, else
/// $XDG_CONFIG_HOME/sluice/sluicectl.toml, else ~/.config/sluice/sluicectl.toml: keys url,
/// key, key_file, insecure, timeout), the default (http://127.0.0.1:8787, 10 s).
struct CtlSettings
{
    QUrl url;
    QByteArray key; ///< never printed
    bool insecure = false;
    int timeoutMs = 10'000;
};

struct SettingsError
{
    ExitCode code;
    QString message;
};

/// The settings, or an error naming the option, variable or file entry that was wrong.
std::optional<CtlSettings> resolveSettings(const QCommandLineParser &parser,
                                           const QProcessEnvironment &environment,
                                           SettingsError *error);

/// The settings file that applies when --config is not given.
QString defaultSettingsPath(const QProcessEnvironment &environment);

} // namespace sluice::ctl
