#pragma once

class QString;
class QTextStream;

namespace sluice {

/// Runs `sluiced check-config FILE`: every error of the file (checkConfigFile()), each on its
/// own line beginning with "FILE:LINE:COLUMN: ", goes to `err` with exit code 1; a valid file
/// gets a one-line summary on `out` ("FILE: valid, 2 pools, 3 tiers, ...") and exit code 0.
int runCheckConfig(const QString &path, QTextStream &out, QTextStream &err);

} // namespace sluice
