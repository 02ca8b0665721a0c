#pragma once

#include "HttpConnection.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace sluice {

class ApiService;
class TcpListener;
class WebSocketGuard;

/// The gateway's HTTP/1.1 listener: a TcpListener whose sockets (QSslSocket with a
/// certificate) are served by HttpConnection (our own HTTP/1.1 on Boost.Beast's parser, see the
/// README's design section); WebSocket upgrades on the same port are handed to a
/// QWebSocketServer and come out of takeWebSocket() (WebSocketGuard refuses unmasked client
/// frames on them). Every request becomes an ApiRequest for ApiService, and its answer goes
/// back through an HttpReply.
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
/// Safe defaults: loopback; the limits of HttpConnection::Limits (deadlines, body and head
/// caps); connections capped per client address (IPv4, or IPv6 /64) and in total, 503 with
/// Retry-After beyond; out of file descriptors, accepting pauses for acceptBackoffMs instead
/// of spinning; TLS when a certificate and key are given. Threading: one thread, the engine's.
class HttpServer : public QObject
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
    Result<Done> start();
    quint16 port() const;
    bool isTls() const { return !m_options.tlsCertificate.isEmpty(); }
    /// Stops accepting connections; open ones go on.
    void stopListening();

    /// The next upgraded WebSocket (after newWebSocketConnection()), owned by the caller;
    /// null when there is none.
    std::unique_ptr<QWebSocket> takeWebSocket();

    /// Open connections (HTTP and WebSocket).
    int connectionCount() const { return m_total; }
    /// How often accepting paused because the process was out of file descriptors.
    int acceptPauses() const;

signals:
    void newWebSocketConnection();

private:
    void onAccepted(qintptr descriptor);
    void onAcceptPaused(const QString &reason);
    void serve(QTcpSocket *socket);
    void upgrade(QTcpSocket *socket, qint64 handshakeBytes);
    static QByteArray addressKey(const QHostAddress &address);

    ApiService &m_service;
    Options m_options;
    QHash<QByteArray, int> m_perAddress;
    int m_total = 0;
    std::optional<QSslConfiguration> m_tls;
    QList<QPointer<WebSocketGuard>> m_handshaking;
    std::unique_ptr<QWebSocketServer> m_webSockets;
    std::unique_ptr<TcpListener> m_listener;
    std::unique_ptr<QObject> m_sockets; ///< parent of the sockets; last: they go before the counts
};

} // namespace sluice
