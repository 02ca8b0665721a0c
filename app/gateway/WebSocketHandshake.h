#pragma once

#include "protocol/ApiRequest.h"
#include "protocol/ApiResponse.h"

#include <optional>

namespace sluice {

/// Checks a WebSocket opening handshake (RFC 6455 4.2.1) before the socket is handed to
/// QWebSocketServer: GET, HTTP/1.1 (the parser only lets 1.0 and 1.1 through), `Upgrade:
/// websocket`, `Connection` naming `upgrade`, `Sec-WebSocket-Version: 13` and a
/// `Sec-WebSocket-Key` that is base64 for exactly 16 bytes. Returns the refusal (400, or 426
/// with the supported version), or nothing when the handshake is sound. Pure.
std::optional<ApiResponse> refuseWebSocketHandshake(const ApiRequest &head);

} // namespace sluice
