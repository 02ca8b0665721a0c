#pragma once

#include <QString>

namespace sluice::ctl {

struct CtlCommand;

/// sluicectl --help: the commands, global options, settings and exit codes.
QString ctlUsage();
/// sluicectl COMMAND --help.
QString commandUsage(const CtlCommand &command);
/// "sluicectl <version>".
QString ctlVersion();

} // namespace sluice::ctl
