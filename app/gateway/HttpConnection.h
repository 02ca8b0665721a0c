#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>

class QTcpSocket;

namespace sluice {

class HttpReply;

/// One client connection of the HTTP server, attached to its socket before QtHttpServer
/// reads from it:
///  - it sees every byte first and checks the request head (request line, header lines,
///    Content-Length) so that malformed requests get a 400, oversized bodies a 413 before
///    they are buffered, over-long heads a 431 (QtHttpServer 6.4 would drop the first and
///    buffer the others whole); it answers Expect: 100-continue;
///  - it keeps replies in request order: a reply's bytes wait while an earlier reply on the
///    connection is unfinished (durable acknowledgements finish out of order);
///  - it closes idle keep-alive connections after idleTimeoutMs and answers 408 to a request
///    that does not arrive whole within requestTimeoutMs.
/// Lives on the socket's thread, as the socket's child.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        qint64 maxBodyBytes = 1 << 20;
        qint64 maxHeadBytes = 64 * 1024;
        int idleTimeoutMs = 60'000;
        int requestTimeoutMs = 30'000;
        /// An oversized body announced by Content-Length up to this size is read and dropped
        /// after the 413, so that clients that send it anyway read the answer (a lingering
        /// close); larger ones are cut off at once.
        qint64 maxDiscardBytes = 64 << 20;
    };

    /// Attaches a connection to a new socket (as its child).
    static HttpConnection *attach(QTcpSocket *socket, const Limits &limits);
    static HttpConnection *of(QTcpSocket *socket);

    /// A whole request was read: returns the reply for it, queued behind earlier ones. The
    /// next bytes start a new request.
    HttpReply *newReply(bool close);
    const Limits &limits() const { return m_limits; }

    // For HttpReply.
    bool isFront(const HttpReply *reply) const;
    void write(const QByteArray &bytes);
    qint64 bytesToWrite(const HttpReply *reply) const;
    void flush();

private:
    HttpConnection(QTcpSocket *socket, const Limits &limits);

    void onReadyRead();
    bool checkHead(qsizetype headEnd, qint64 bodyReceived);
    void reject(int status, const QString &code, const QString &message, qint64 discard = 0);
    void onReplyFinished(HttpReply *reply);
    void onBytesWritten();
    void onDisconnected();
    void onTimeout();
    void closeAfterWrite();
    /// Due in `ms`: moves the deadline without restarting the timer on every request (the
    /// timer re-arms itself for the rest when it fires early).
    void arm(int ms);

    QTcpSocket *m_socket;
    Limits m_limits;
    QByteArray m_head;
    bool m_headDone = false;
    qint64 m_bodyExpected = 0; ///< Content-Length; -1 when chunked
    qint64 m_bodySeen = 0;
    bool m_rejected = false;
    qint64 m_discard = 0; ///< bytes still to drop after a 413 before closing
    bool m_closing = false;
    std::deque<QPointer<HttpReply>> m_replies;
    QTimer m_timer;
    qint64 m_deadline = 0; ///< steady-clock ms
    qint64 m_timerDue = 0; ///< when m_timer fires, steady-clock ms
};

} // namespace sluice
