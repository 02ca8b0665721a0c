#pragma once

#include <QString>

namespace sluice::ctl {

struct CtlCommand;

/// sluicectl --help: the commands, global options, settings and exit codes.
QString ctlUsage();
/// sluicectl COMMAND --help.
QString commandUsage(const CtlCommand &command);
/// sluicectl GROUP --help (e.g. "limits"): its commands; empty when `group` is none.
QString groupUsage(const QString &group);
/// "sluicectl <version>".
QString ctlVersion();

} // namespace sluice::ctl
