#include "ProxyHttpServer.h"

#include "HttpServerSink.h"
#include "protocol/ApiResponse.h"

#include <QHttpServerRequest>
#include <QMetaEnum>

using namespace Qt::StringLiterals;

namespace sluice::test {
namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QByteArray(key).toUpper() : QByteArray("GET");
}

} // namespace

ProxyHttpServer::ProxyHttpServer(ReverseProxy &proxy, QObject *parent)
    : QObject(parent)
    , m_proxy(proxy)
{
    m_server.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            route(request, std::move(responder));
        });
}

quint16 ProxyHttpServer::listen(quint16 port)
{
    m_port = m_server.listen(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl ProxyHttpServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

void ProxyHttpServer::route(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QByteArray method = methodName(request.method());
    auto sink = std::make_unique<HttpServerSink>(std::move(responder), method == "HEAD");
    HeaderList headers;
    for (const auto &[name, value] : request.headers())
        headers.emplaceBack(name, value);
    Result<ProxyRequest> proxied =
        ProxyRequest::fromUrl(method, request.url(), std::move(headers), request.body());
    if (!proxied) {
        const ApiResponse notFound =
            ApiResponse::error(404, errors::kNotFound, proxied.error().message);
        sink->respond(notFound.status, {{"content-type", notFound.effectiveContentType()}},
                      notFound.serializedBody());
        return;
    }
    m_proxy.handle(std::move(*proxied), std::move(sink));
}

} // namespace sluice::test
