#pragma once

#include <QByteArray>

#include <optional>
#include <utility>

namespace sluice {

/// What one upstream attempt of the proxy came back with: an HTTP status, or a connection
/// error (refused, reset, TLS failure, timeout) before any status arrived, plus the raw
/// values of the upstream's retry hints. Plain value.
struct UpstreamResult
{
    std::optional<int> httpStatus; ///< nullopt when no status arrived
    bool connectionError = false;
    QByteArray retryAfter;   ///< raw `Retry-After` value; empty when absent
    QByteArray retryAfterMs; ///< raw `retry-after-ms` value; empty when absent

    static UpstreamResult fromStatus(int status, QByteArray retryAfter = {},
                                     QByteArray retryAfterMs = {})
    {
        return {status, false, std::move(retryAfter), std::move(retryAfterMs)};
    }
    static UpstreamResult fromConnectionError() { return {std::nullopt, true, {}, {}}; }
};

} // namespace sluice
