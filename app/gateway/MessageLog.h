#pragma once

#include "api/AccessLog.h"

namespace sluice {

/// Sends Qt's own messages (the store, the engine, the config, ...) to stderr in the same
/// format as the AccessLog: "<UTC time> <level> <category> <message>" or a JSON line
/// {"ts", "kind": "log", "level", "category", "msg"}. Process-wide; call once at start.
void installMessageLog(AccessLog::Format format);

} // namespace sluice
