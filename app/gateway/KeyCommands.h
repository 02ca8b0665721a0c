#pragma once

#include "SluicedCommand.h"

class QTextStream;

namespace sluice {

/// Runs `sluiced keys create|list|revoke` on the store in the command's data directory and
/// returns the exit code. The new key goes to `out` (once, alone on its line, for scripts);
/// everything else to `err`. A running gateway sees the change within ApiKeys::kRecheckMs.
/// Each change is audited with the actor "cli".
int runKeyCommand(const SluicedCommand &command, QTextStream &out, QTextStream &err);

} // namespace sluice
