#pragma once

#include "HttpConnection.h"

#include <QHostAddress>
#include <QtHttpServer/QAbstractHttpServer>

#include <memory>

class QWebSocket;

namespace sluice {

class ApiService;

/// The gateway's HTTP/1.1 listener, and the only class that uses QtHttpServer (whose API
/// changes in Qt 6.8). Every request becomes an ApiRequest for ApiService, and its answer
/// goes back through an HttpReply; WebSocket upgrades on the same port come out of
/// takeWebSocket().
///
/// Streaming routes (the reverse proxy is mounted on /proxy/<pool>/<path> this way, see
/// ProxyRoute.h): add a route to service.router() for each method, e.g.
///     router.add(HttpMethod::Post, u"/proxy/{pool}/{path*}"_s, Role::Client, handler);
/// The handler gets the whole request (method, encoded path and query, lower-case headers,
/// body, the caller's role and key name) and an ApiReply on which it calls
///     reply.begin(status, headers);  // status and headers go out at once
///     reply.write(chunk);            // each chunk goes out as it comes (chunked encoding)
///     reply.end();
/// It keeps a QPointer<ApiReply>: the reply emits clientGone() when the client closes the
/// connection (then stop and release the slot) and is deleted once finished or gone. For
/// flow control, compare reply.bufferedBytes() with a limit and wait for written(). A body
/// that cannot be completed ends with reply.abort() (the connection closes mid-body).
///
/// Safe defaults: loopback, request bodies capped (413 before they are buffered), malformed
/// heads answered 400, idle connections closed; TLS (QSslServer) when a certificate and key
/// are given. Threading: one thread, the engine's.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 8787;    ///< 0: any free port (tests)
        QString tlsCertificate; ///< PEM file; with tlsKey, serves HTTPS
        QString tlsKey;         ///< PEM file
        HttpConnection::Limits limits;
    };

    HttpServer(ApiService &service, Options options, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Starts listening; false with a message naming the address or the TLS file at fault.
    bool start(QString *error);
    quint16 port() const;
    bool isTls() const { return !m_options.tlsCertificate.isEmpty(); }
    /// Stops accepting connections; open ones go on.
    void stopListening();

    /// The next upgraded WebSocket (after newWebSocketConnection()), owned by the caller;
    /// null when there is none.
    std::unique_ptr<QWebSocket> takeWebSocket();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    ApiService &m_service;
    Options m_options;
};

} // namespace sluice
