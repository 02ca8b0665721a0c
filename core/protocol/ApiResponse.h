#pragma once

#include "engine/Decision.h"
#include "protocol/ApiRequest.h"
#include "util/Error.h"
#include "util/ErrorCodes.h"

#include <QJsonValue>

namespace sluice {

/// The answer to one ApiRequest: a status, a JSON document (or a raw body) and headers.
/// Errors have the body {"error": CODE, "message": text, "fields": [{"field", "message"}]}
/// ("fields" only when a member of the request was at fault). A value.
struct ApiResponse
{
    int status = 200;
    QJsonValue json = QJsonValue::Undefined; ///< the body, unless undefined
    QByteArray body;                         ///< the body when json is undefined
    QByteArray contentType;                  ///< of `body`; JSON bodies are application/json
    ApiHeaders headers;                      ///< extra headers, names lower-case
    QString errorCode;                       ///< set for errors, for the logs

    static ApiResponse ok(const QJsonValue &json, int status = 200);
    static ApiResponse raw(int status, QByteArray body, QByteArray contentType);
    /// A JSON body already encoded (JsonWriter), sent as it is: the hot answers skip building
    /// a QJsonValue. document() reads it back for in-process callers.
    static ApiResponse encoded(QByteArray json, int status = 200);
    static ApiResponse error(int status, const QString &code, const QString &message,
                             const QList<FieldError> &fields = {});
    static ApiResponse error(int status, const Error &error);
    /// An admission decision: its JSON (encodeDecision, WireEngine.h), its status, Retry-After
    /// (seconds) on a rejection with a wait, and X-RateLimit-Limit / -Remaining / -Reset (epoch
    /// seconds) for the user's daily quota when it is limited.
    static ApiResponse fromDecision(const Decision &decision);

    bool isError() const { return status >= 400; }
    /// The body as JSON: `json`, or an encoded JSON body parsed; undefined for other bodies.
    QJsonValue document() const;
    ApiResponse &withHeader(QByteArray name, QByteArray value);
    /// The bytes to send: compact JSON, or the raw body.
    QByteArray serializedBody() const;
    QByteArray effectiveContentType() const;
};

} // namespace sluice
