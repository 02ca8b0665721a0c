#include "HttpServer.h"

#include "GuardedServer.h"
#include "HttpReply.h"
#include "api/ApiService.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

HttpMethod methodOf(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return HttpMethod::Get;
    case QHttpServerRequest::Method::Head:
        return HttpMethod::Head;
    case QHttpServerRequest::Method::Post:
        return HttpMethod::Post;
    case QHttpServerRequest::Method::Put:
        return HttpMethod::Put;
    case QHttpServerRequest::Method::Patch:
        return HttpMethod::Patch;
    case QHttpServerRequest::Method::Delete:
        return HttpMethod::Delete;
    case QHttpServerRequest::Method::Options:
        return HttpMethod::Options;
    default:
        break;
    }
    return HttpMethod::Other;
}

QString peerOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

ApiRequest toApiRequest(const QHttpServerRequest &request)
{
    ApiRequest api;
    api.method = methodOf(request.method());
    const QUrl url = request.url();
    api.path = url.path(QUrl::FullyEncoded);
    if (url.hasQuery()) {
        api.rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            api.query.append({key, value});
    }
    const auto headers = request.headers();
    api.headers.reserve(headers.size());
    for (const auto &[name, value] : headers)
        api.headers.append({name.toLower(), value});
    api.body = request.body();
    api.peer = peerOf(request.remoteAddress());
    return api;
}

bool loadTls(const QString &certificatePath, const QString &keyPath, QSslConfiguration *config,
             QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = u"--tls-cert %1: no PEM certificate could be read"_s.arg(certificatePath);
        return false;
    }
    QFile file(keyPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"--tls-key %1: %2"_s.arg(keyPath, file.errorString());
        return false;
    }
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = u"--tls-key %1: not an unencrypted PEM RSA or EC private key"_s.arg(keyPath);
        return false;
    }
    *config = QSslConfiguration::defaultConfiguration();
    config->setLocalCertificateChain(chain);
    config->setPrivateKey(key);
    config->setProtocol(QSsl::TlsV1_2OrLater);
    config->setPeerVerifyMode(QSslSocket::VerifyNone);
    return true;
}

} // namespace

HttpServer::HttpServer(ApiService &service, Options options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_service(service)
    , m_options(std::move(options))
{}

HttpServer::~HttpServer() = default;

bool HttpServer::start(QString *error)
{
    std::unique_ptr<QTcpServer> server;
    if (isTls()) {
        QSslConfiguration config;
        if (!loadTls(m_options.tlsCertificate, m_options.tlsKey, &config, error))
            return false;
        auto ssl = std::make_unique<GuardedServer<QSslServer>>(m_options.limits);
        ssl->setSslConfiguration(config);
        server = std::move(ssl);
    } else {
        server = std::make_unique<GuardedServer<QTcpServer>>(m_options.limits);
    }
    if (!server->listen(m_options.address, m_options.port)) {
        *error = u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                     .arg(m_options.port)
                     .arg(server->errorString());
        return false;
    }
    bind(server.release());
    return true;
}

quint16 HttpServer::port() const
{
    const QList<QTcpServer *> listening = servers();
    return listening.isEmpty() ? 0 : listening.first()->serverPort();
}

void HttpServer::stopListening()
{
    for (QTcpServer *server : servers())
        server->close();
}

std::unique_ptr<QWebSocket> HttpServer::takeWebSocket()
{
    return std::unique_ptr<QWebSocket>(nextPendingWebSocketConnection());
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection)
        return false;
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        // Qt 6.4 hands the socket to its WebSocket server only when this returns true having
        // written nothing; WebSocketHub then checks the path and the key.
        connection->deleteLater();
        return true;
    }
    const bool close = request.value("connection").compare("close", Qt::CaseInsensitive) == 0;
    HttpReply *reply = connection->newReply(close);
    ApiRequest api = toApiRequest(request);
    if (api.body.size() > connection->limits().maxBodyBytes) {
        reply->respond(ApiResponse::error(
            413, errors::kPayloadTooLarge,
            u"The request body is larger than %1 bytes"_s.arg(connection->limits().maxBodyBytes)));
        return true;
    }
    m_service.handle(std::move(api), *reply);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; this is reached only for a socket without its
    // HttpConnection, which GuardedServer never hands out.
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::InternalServerError);
}

} // namespace sluice
