#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

namespace sluice::ctl {

/// Runs one sluicectl command line (argv[0] first) and returns its exit code (ExitCode):
/// parses it against the command table, resolves the settings, runs the command and reports
/// a failure on `err` (and with --json as an object on `out`). Needs a QCoreApplication.
int runSluicectl(const QStringList &arguments, const QProcessEnvironment &environment,
                 QTextStream &out, QTextStream &err);

} // namespace sluice::ctl
