#include "protocol/ApiResponse.h"

#include "protocol/WireEngine.h"
#include "protocol/WireRecords.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice {

using namespace Qt::StringLiterals;

ApiResponse ApiResponse::ok(const QJsonValue &json, int status)
{
    ApiResponse response;
    response.status = status;
    response.json = json;
    return response;
}

ApiResponse ApiResponse::raw(int status, QByteArray body, QByteArray contentType)
{
    ApiResponse response;
    response.status = status;
    response.body = std::move(body);
    response.contentType = std::move(contentType);
    return response;
}

ApiResponse ApiResponse::encoded(QByteArray json, int status)
{
    return raw(status, std::move(json), QByteArrayLiteral("application/json"));
}

ApiResponse ApiResponse::error(int status, const QString &code, const QString &message,
                               const QList<FieldError> &fields)
{
    QJsonObject object{{u"error"_s, code}, {u"message"_s, message}};
    if (!fields.isEmpty())
        object.insert(u"fields"_s, configErrorsToJson(fields));
    ApiResponse response = ok(object, status);
    response.errorCode = code;
    return response;
}

ApiResponse ApiResponse::error(int status, const Error &error)
{
    return ApiResponse::error(status, error.code, error.message, error.fields);
}

ApiResponse ApiResponse::fromDecision(const Decision &decision)
{
    ApiResponse response = encoded(encodeDecision(decision), httpStatusFor(decision));
    if (decision.rejected()) {
        response.errorCode = reasonCode(decision.reason);
        if (decision.retryAfterMs > 0)
            response.withHeader("retry-after",
                                QByteArray::number(retryAfterSeconds(decision.retryAfterMs)));
    }
    if (decision.limit >= 0 && decision.resetAt > 0) {
        response.withHeader("x-ratelimit-limit", QByteArray::number(decision.limit));
        response.withHeader("x-ratelimit-remaining",
                            QByteArray::number(std::max<qint64>(0, decision.remaining)));
        response.withHeader("x-ratelimit-reset", QByteArray::number(decision.resetAt / 1000));
    }
    return response;
}

ApiResponse &ApiResponse::withHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

QByteArray ApiResponse::serializedBody() const
{
    if (json.isObject())
        return QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
    if (json.isArray())
        return QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
    if (!json.isUndefined()) {
        // A bare scalar: serialise it inside an array and strip the brackets.
        const QByteArray wrapped = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    return body;
}

QJsonValue ApiResponse::document() const
{
    if (!json.isUndefined() || contentType != "application/json")
        return json;
    const QJsonDocument parsed = QJsonDocument::fromJson(body);
    if (parsed.isObject())
        return parsed.object();
    if (parsed.isArray())
        return parsed.array();
    return QJsonValue::Undefined;
}

QByteArray ApiResponse::effectiveContentType() const
{
    if (!json.isUndefined())
        return QByteArrayLiteral("application/json");
    return contentType;
}

} // namespace sluice
