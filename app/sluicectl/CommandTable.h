#pragma once

#include <QLatin1StringView>
#include <QStringList>

#include <span>

namespace sluice::ctl {

class CtlRun;

/// One option of the command line. Global options apply to every command; the others only
/// to the commands that list them.
struct CtlOption
{
    QLatin1StringView name;      ///< long name without "--"
    QLatin1StringView valueName; ///< empty for a switch
    QLatin1StringView help;
    bool global = false;
};

/// One command: its words ("limits set"), arguments, help, options and handler. The parser,
/// --help and the bash completion read this table (tst_ctlread checks the man page against it).
struct CtlCommand
{
    QLatin1StringView name;     ///< e.g. "limits set"
    QLatin1StringView synopsis; ///< the arguments, e.g. "POOL KEY=VALUE..."
    QLatin1StringView summary;  ///< one line
    QLatin1StringView details;  ///< more, for "<command> --help"; may be empty
    QLatin1StringView options;  ///< the command's own options, space-separated names
    int minArgs = 0;
    int maxArgs = 0; ///< -1: no limit
    bool needsGateway = true;
    int (*run)(CtlRun &) = nullptr;
};

std::span<const CtlOption> ctlOptions();
std::span<const CtlCommand> ctlCommands();

/// The command named by the first words of `words` (the longest match); `consumed` is how
/// many words its name took. nullptr when none matches.
const CtlCommand *findCommand(const QStringList &words, qsizetype *consumed);
/// The command's own options, in the table's order.
QList<const CtlOption *> commandOptions(const CtlCommand &command);
const CtlOption *findOption(QLatin1StringView name);

} // namespace sluice::ctl
