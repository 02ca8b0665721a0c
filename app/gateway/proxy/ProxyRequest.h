#pragma once

#include "util/Result.h"

#include "ResponseSink.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace sluice {

/// One request to `/proxy/<pool>/<path>`, as the HTTP server received it. Plain value.
struct ProxyRequest
{
    QByteArray method;   ///< "POST", "GET", ...
    QString pool;
    QByteArray path;     ///< after /proxy/<pool>, percent-encoded: "/v1/messages" or empty
    QByteArray query;    ///< percent-encoded, without '?'; empty when none
    HeaderList headers;
    QByteArray body;
    QString owner; ///< the id of the API key that sent it: the request is that key's

    /// The first value of a header (name compared case-insensitively); empty when absent.
    QByteArray header(QByteArrayView name) const;

    /// Splits a request URL `/proxy/<pool>[/<path>][?query]`. INVALID_REQUEST
    /// (Reason::InvalidRequest) when the URL does not start so, or when pathProblem() finds
    /// something in the path.
    static Result<ProxyRequest> fromUrl(const QByteArray &method, const QUrl &url,
                                        HeaderList headers, QByteArray body);
    /// Why a percent-encoded proxied path could leave the pool's upstream base path, or
    /// empty if it cannot: a "." or ".." segment, a backslash, a NUL byte or an encoded
    /// slash, raw or after up to three rounds of percent-decoding (more rounds are refused).
    static QString pathProblem(const QByteArray &path);
};

} // namespace sluice
