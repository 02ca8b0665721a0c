#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace sluice {

/// Operational state of a pool, set by operators.
enum class PoolMode : quint8 { Running, Paused, Draining, Drained };

/// The mode's name on the wire and in the store: "running", "paused", "draining", "drained".
QString poolModeName(PoolMode mode);
std::optional<PoolMode> poolModeFromName(QStringView name);
/// The names as a sentence for error messages: "running, paused, draining or drained".
QString poolModeAlternatives();

} // namespace sluice
