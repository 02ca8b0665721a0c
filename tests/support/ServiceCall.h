#pragma once

#include "api/ApiService.h"
#include "api/CallbackReply.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace sluice::test {

/// One request through an ApiService (no transport), answered into this object.
struct ServiceCall
{
    int status = 0;
    QJsonObject body;
    ApiHeaders headers;
    bool answered = false;
    std::unique_ptr<CallbackReply> reply;

    QString text(QLatin1StringView key) const { return body.value(key).toString(); }
    qint64 number(QLatin1StringView key) const { return body.value(key).toInteger(); }
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }

    static std::unique_ptr<ServiceCall> make()
    {
        auto call = std::make_unique<ServiceCall>();
        ServiceCall *target = call.get();
        call->reply = std::make_unique<CallbackReply>([target](const ApiResponse &response) {
            target->status = response.status;
            target->body = QJsonDocument::fromJson(response.serializedBody()).object();
            target->headers = response.headers;
            target->answered = true;
        });
        return call;
    }
};

inline ApiRequest makeRequest(HttpMethod method, const QString &path, const QByteArray &body,
                              const QByteArray &key, const QString &peer)
{
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.peer = peer;
    if (!key.isEmpty())
        request.headers = {{"x-api-key", key}};
    return request;
}

/// Sends a request with `key` (none: in-process as admin) through handle().
inline std::unique_ptr<ServiceCall> serve(ApiService &service, HttpMethod method,
                                          const QString &path, const QByteArray &body = {},
                                          const QByteArray &key = {},
                                          const QString &peer = QStringLiteral("127.0.0.1"))
{
    auto call = ServiceCall::make();
    if (key.isEmpty())
        service.handleLocal(makeRequest(method, path, body, key, peer), *call->reply);
    else
        service.handle(makeRequest(method, path, body, key, peer), *call->reply);
    return call;
}

} // namespace sluice::test
