#pragma once

#include "HttpRequestParser.h"
#include "protocol/ApiResponse.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

class QTcpSocket;

namespace sluice {

class ApiService;
class HttpReply;

/// One client connection of the HTTP server; it alone reads the socket:
///  - it parses each request with HttpRequestParser; once a head is in it asks
///    ApiService::admitHead() whether to read the body (a refused head gets its answer, no
///    body is read, the connection closes), then reads the body (413 past maxBodyBytes) and
///    hands the whole request to ApiService::handle(); malformed requests get a 4xx and the
///    connection closes;
///  - it keeps replies in request order: a reply's bytes wait while an earlier reply on the
///    connection is unfinished (durable acknowledgements finish out of order), and it stops
///    reading while maxPipelined replies are open;
///  - deadlines that bytes do not extend: the whole head within headTimeoutMs of its first
///    byte, the whole body within bodyTimeoutMs of the head's end (408 and close); an idle
///    keep-alive connection closes after idleTimeoutMs; no deadline while a handler works;
///  - a valid WebSocket handshake is handed over with its bytes unread (`upgrade`); an
///    invalid one gets 400 (or 426) and no 101;
///  - it closes by shutting down its sending side and dropping what still comes for up to
///    lingerMs, so that a client still sending reads the answer instead of a reset.
/// Lives on the socket's thread, as the socket's child; deletes the socket once it is closed.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        qint64 maxBodyBytes = 1 << 20;
        qint64 maxHeadBytes = 64 * 1024;
        int headTimeoutMs = 10'000;         ///< the whole head, from its first byte
        int bodyTimeoutMs = 30'000;         ///< the whole body, from the end of the head
        int idleTimeoutMs = 60'000;         ///< a keep-alive connection without a request
        int lingerMs = 2'000;               ///< dropping unread bytes after the last answer
        int maxPipelined = 16;              ///< open replies before reading stops
        int maxConnectionsPerAddress = 256; ///< IPv4 address or IPv6 /64 (HttpServer)
        int maxConnections = 4096;          ///< in total, WebSockets included (HttpServer)
        int acceptBackoffMs = 200; ///< pause before accepting again when out of descriptors
    };

    /// Takes the socket of a valid WebSocket handshake; its first `handshakeBytes` are the
    /// handshake, unread.
    using Upgrade = std::function<void(QTcpSocket *socket, qint64 handshakeBytes)>;

    HttpConnection(QTcpSocket *socket, const Limits &limits, ApiService &service, Upgrade upgrade);

    /// Answers `response` without reading any request and closes (over a connection cap).
    void refuse(int status, const QByteArray &body, const ApiHeaders &headers);
    const Limits &limits() const { return m_limits; }

    // For HttpReply.
    bool isFront(const HttpReply *reply) const;
    void write(const QByteArray &bytes);
    qint64 bytesToWrite(const HttpReply *reply) const;
    void flush();

private:
    enum class State : quint8
    {
        Reading, ///< requests are parsed
        Refused, ///< a refusal is being answered; nothing more is parsed
        Closing  ///< the last answer goes out, then the linger
    };

    void onReadyRead();
    void parse();
    void onHead();
    void onRequest();
    void handOver();
    void reject(const ApiResponse &response);
    HttpReply *newReply(bool close);
    void onReplyFinished(HttpReply *reply);
    void onBytesWritten();
    void onDisconnected();
    void onTimeout();
    void closeAfterWrite();
    void shutdownWrite();
    qint64 deadline() const;
    void schedule();

    QTcpSocket *m_socket;
    Limits m_limits;
    ApiService &m_service;
    Upgrade m_upgrade;
    HttpRequestParser m_parser;
    QString m_peer;
    QByteArray m_in;
    qsizetype m_pos = 0;    ///< parsed up to here in m_in
    bool m_aligned = false; ///< the socket's read transaction starts at the current head
    State m_state = State::Reading;
    bool m_shutDown = false;
    bool m_heldBack = false;       ///< reading stopped at maxPipelined open replies
    QPointer<HttpReply> m_current; ///< the reply of the request being read
    std::deque<QPointer<HttpReply>> m_replies;
    QTimer m_timer;
    qint64 m_headStart = 0; ///< steady-clock ms
    qint64 m_bodyStart = 0;
    qint64 m_idleSince = 0;
    qint64 m_lingerUntil = 0;
    qint64 m_timerDue = 0;
};

} // namespace sluice
