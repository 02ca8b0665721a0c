#pragma once

#include "ResponseSink.h"
#include "engine/Decision.h"
#include "engine/Reason.h"

#include <QByteArray>
#include <QString>

namespace sluice {

/// An answer the proxy gives itself (not the upstream's): a status, SPEC section 4's JSON
/// error body `{"error": CODE, "message": text, ...}` and, for limits, Retry-After.
struct ProxyError
{
    int status = 500;
    QString code;       ///< e.g. "QUEUE_FULL", "UPSTREAM_UNREACHABLE"
    QString message;
    qint64 retryAfterMs = -1;  ///< -1: no Retry-After
    TimeMs resetAt = 0;        ///< USER_LIMIT_EXCEEDED: when the daily quota resets

    /// The error for an engine decision that rejected a request.
    static ProxyError fromDecision(const Decision &decision);
    /// The error for a queued request the engine ended (timeout, purge, lease expiry).
    static ProxyError fromEnding(Reason reason);
    /// The HTTP status for a rejection or ending reason.
    static int statusFor(Reason reason);

    QByteArray body() const;
    HeaderList headers() const;
};

} // namespace sluice
