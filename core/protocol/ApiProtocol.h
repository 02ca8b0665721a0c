#pragma once

#include <QLatin1StringView>

namespace sluice {

/// The version of the gateway's wire protocol (HTTP + WebSocket JSON). Every JSON message the
/// gateway pushes over a WebSocket carries it as "protocol"; GET /v1/whoami returns it. It
/// increases when a message changes incompatibly; added fields do not change it, and readers
/// ignore fields they do not know.
///
/// Naming: members are snake_case, except the names the seeds' clients already use, which
/// are kept as they are: requestId, position, estimatedWait (ms), resetTime (ISO 8601 UTC),
/// retryAfter (seconds), and the compatibility routes' camelCase fields. Times are ms since
/// the Unix epoch (UTC); money is nano-USD (1 USD = 1e9); an unlimited limit is null.
inline constexpr int kProtocolVersion = 1;

/// The prefix of every native route.
inline constexpr QLatin1StringView kApiPrefix{"/v1"};

} // namespace sluice
