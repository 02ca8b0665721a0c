#include "ProxyRoute.h"

#include "ProxyRequest.h"
#include "ReverseProxy.h"
#include "api/ApiKeys.h"
#include "api/ApiRouter.h"

#include <QUrl>

namespace sluice {

using namespace Qt::StringLiterals;

ReplySink::ReplySink(ApiReply &reply)
    : m_reply(&reply)
{
    connect(&reply, &ApiReply::clientGone, this, &ResponseSink::clientGone);
    connect(&reply, &ApiReply::written, this, &ResponseSink::written);
}

qint64 ReplySink::bufferedBytes() const
{
    const ApiReply *reply = m_reply.data();
    return reply ? reply->bufferedBytes() : 0;
}

void ReplySink::respond(int status, const HeaderList &headers, const QByteArray &body)
{
    if (!m_reply)
        return;
    ApiResponse response = ApiResponse::raw(status, body, {});
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "content-type")
            response.contentType = value;
        else if (lower != "content-length")
            response.headers.append({lower, value});
    }
    m_reply->respond(response);
}

void ReplySink::writeHead(int status, const HeaderList &headers)
{
    if (!m_reply)
        return;
    ApiHeaders lowered;
    for (const auto &[name, value] : headers)
        lowered.append({name.toLower(), value});
    m_reply->begin(status, lowered);
}

void ReplySink::writeChunk(const QByteArray &data)
{
    if (m_reply)
        m_reply->write(data);
}

void ReplySink::finish()
{
    if (m_reply)
        m_reply->end();
}

void ReplySink::abort()
{
    if (m_reply)
        m_reply->abort();
}

std::function<std::optional<QString>(const QByteArray &)> proxyAuthenticator(ApiKeys &keys)
{
    return [&keys](const QByteArray &key) -> std::optional<QString> {
        const std::optional<ApiKeys::Identity> identity = keys.authenticate(key);
        if (!identity || identity->role < Role::Client)
            return std::nullopt;
        return identity->name;
    };
}

void mountProxy(ApiRouter &router, ReverseProxy &proxy)
{
    auto handler = [&proxy](ApiRequest &request, ApiReply &reply) {
        HeaderList headers;
        headers.reserve(request.headers.size());
        for (const auto &[name, value] : request.headers)
            headers.append({name, value});
        QUrl url;
        url.setPath(request.path, QUrl::TolerantMode);
        if (!request.rawQuery.isEmpty())
            url.setQuery(QString::fromLatin1(request.rawQuery), QUrl::TolerantMode);
        Result<ProxyRequest> proxied = ProxyRequest::fromUrl(
            QByteArray(methodName(request.method).data()), url, std::move(headers), request.body);
        if (!proxied) {
            reply.respond(ApiResponse::error(400, proxied.error()));
            return;
        }
        proxied->owner = request.keyId;
        proxy.handle(std::move(*proxied), std::make_unique<ReplySink>(reply));
    };
    for (const HttpMethod method : {HttpMethod::Get, HttpMethod::Head, HttpMethod::Post,
                                    HttpMethod::Put, HttpMethod::Patch, HttpMethod::Delete}) {
        router.add(method, u"/proxy/{pool}/{path*}"_s, Role::Client, handler);
    }
}

} // namespace sluice
