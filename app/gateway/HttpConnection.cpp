#include "HttpConnection.h"

#include "HttpFraming.h"
#include "HttpReply.h"
#include "WebSocketHandshake.h"
#include "api/ApiService.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <chrono>
#include <limits>

#include <sys/socket.h>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNever = std::numeric_limits<qint64>::max();
/// Bytes read from the socket at a time; the parser's limits bound what is kept.
constexpr qsizetype kReadChunk = 16 * 1024;

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString peerOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

HttpRequestParser::Limits parserLimits(const HttpConnection::Limits &limits)
{
    return {limits.maxHeadBytes, limits.maxBodyBytes};
}
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const Limits &limits, ApiService &service,
                               Upgrade upgrade)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_service(service)
    , m_upgrade(std::move(upgrade))
    , m_parser(parserLimits(limits))
    , m_peer(peerOf(socket->peerAddress()))
    , m_idleSince(steadyMs())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // A TLS socket is buffered: Qt stops reading from the kernel past this, so that a client
    // pipelining faster than its replies finish is held back by TCP instead of growing our
    // buffers. A plain one is unbuffered (HttpServer): parse() reads it in chunks, and not
    // at all while maxPipelined replies are open.
    socket->setReadBufferSize(m_limits.maxHeadBytes + 64 * 1024);
    schedule();
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::refuse(int status, const QByteArray &body, const ApiHeaders &headers)
{
    m_state = State::Closing;
    m_socket->write(httpframing::head(status, headers, true) + body);
    closeAfterWrite();
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Reading)
        parse();
    else
        m_socket->skip(m_socket->bytesAvailable()); // a refused request's rest: dropped
}

void HttpConnection::parse()
{
    bool needBytes = m_pos == m_in.size();
    while (m_state == State::Reading) {
        if (m_pos == m_in.size()) {
            m_in.clear();
            m_pos = 0;
        }
        const bool betweenRequests = !m_parser.headStarted();
        if (betweenRequests && int(m_replies.size()) >= m_limits.maxPipelined) {
            m_heldBack = true; // onReplyFinished() reads on
            return;
        }
        if (needBytes) {
            if (m_in.isEmpty() && betweenRequests && !m_socket->isTransactionStarted()) {
                m_socket->startTransaction(); // so that a WebSocket handshake can be unread
                m_aligned = true;
            }
            if (m_pos > 0) {
                m_in.remove(0, m_pos);
                m_pos = 0;
            }
            const qsizetype had = m_in.size();
            m_in.resize(had + kReadChunk);
            const qint64 got = m_socket->read(m_in.data() + had, kReadChunk);
            m_in.resize(had + std::max<qint64>(got, 0));
            if (got <= 0)
                return; // readyRead comes with more
        }
        qsizetype used = 0;
        const auto step = m_parser.feed(QByteArrayView(m_in).sliced(m_pos), &used);
        m_pos += used;
        if (betweenRequests && m_parser.headStarted()) {
            m_headStart = steadyMs(); // the head's deadline runs from its first byte
            schedule();
        }
        switch (step) {
        case HttpRequestParser::Step::NeedMore:
            needBytes = true;
            break;
        case HttpRequestParser::Step::Head:
            needBytes = false;
            onHead();
            break;
        case HttpRequestParser::Step::Done:
            needBytes = m_pos == m_in.size();
            onRequest();
            break;
        case HttpRequestParser::Step::Error:
            reject(ApiResponse::error(m_parser.errorStatus(), m_parser.errorCode(),
                                      m_parser.errorMessage()));
            return;
        }
    }
}

void HttpConnection::onHead()
{
    ApiRequest &head = m_parser.request();
    head.peer = m_peer;
    if (m_parser.isUpgrade()) {
        handOver();
        return;
    }
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_aligned = false;
    m_bodyStart = steadyMs();
    HttpReply *reply = newReply(m_parser.closeRequested());
    m_current = reply;
    schedule();
    if (!m_service.admitHead(head, *reply)) {
        // No body is read; the refusal goes out (perhaps later), then the connection closes.
        m_state = State::Refused;
        m_current = nullptr;
        if (reply)
            reply->setClosesConnection();
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_parser.expectsContinue() && m_parser.contentLength() > 0 && m_pos == m_in.size() &&
        m_replies.size() == 1)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void HttpConnection::onRequest()
{
    if (!m_parser.headDone()) // Done without a head: cannot happen, the parser reports both
        return;
    ApiRequest request = m_parser.takeRequest();
    const QPointer<HttpReply> reply = std::exchange(m_current, nullptr);
    m_parser.reset();
    schedule();
    if (reply)
        m_service.handle(std::move(request), *reply);
}

void HttpConnection::handOver()
{
    const ApiRequest &head = m_parser.request();
    std::optional<ApiResponse> refusal = refuseWebSocketHandshake(head);
    if (!refusal && (!m_aligned || !m_socket->isTransactionStarted() || !m_replies.empty()))
        refusal = ApiResponse::error(400, u"BAD_REQUEST"_s,
                                     u"A WebSocket handshake must not be pipelined behind "
                                     "other requests"_s);
    if (refusal) {
        reject(*refusal);
        return;
    }
    m_socket->rollbackTransaction(); // the handshake bytes are readable again
    m_timer.stop();
    m_state = State::Closing;
    disconnect(m_socket, nullptr, this, nullptr);
    QTcpSocket *socket = m_socket;
    deleteLater();
    m_upgrade(socket, m_pos);
}

void HttpConnection::reject(const ApiResponse &response)
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_state = State::Refused;
    m_socket->skip(m_socket->bytesAvailable());
    HttpReply *reply = std::exchange(m_current, nullptr);
    if (!reply)
        reply = newReply(true);
    reply->setClosesConnection();
    reply->respond(response);
}

HttpReply *HttpConnection::newReply(bool close)
{
    auto *reply = new HttpReply(*this, close);
    connect(reply, &ApiReply::finished, this, [this, reply] { onReplyFinished(reply); });
    m_replies.emplace_back(reply);
    return reply;
}

bool HttpConnection::isFront(const HttpReply *reply) const
{
    return m_state != State::Closing && !m_replies.empty() && m_replies.front() == reply;
}

void HttpConnection::write(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_socket->write(bytes);
}

void HttpConnection::flush()
{
    m_socket->flush();
}

qint64 HttpConnection::bytesToWrite(const HttpReply *reply) const
{
    return isFront(reply) ? m_socket->bytesToWrite() : 0;
}

void HttpConnection::onReplyFinished(HttpReply *reply)
{
    if (!isFront(reply))
        return; // its bytes are held until the replies before it are done
    while (!m_replies.empty()) {
        HttpReply *front = m_replies.front();
        if (front != reply)
            write(front ? front->takeHeld() : QByteArray());
        if (front && !front->isFinished())
            break;
        m_replies.pop_front();
        if (front) {
            front->deleteLater();
            if (front->closesConnection()) {
                closeAfterWrite();
                return;
            }
        }
    }
    if (m_replies.empty())
        m_idleSince = steadyMs();
    schedule();
    // Bytes read but not parsed, or reading held back by the pipelining limit: parse on.
    // Otherwise readyRead comes with the next bytes (no FIONREAD per answer to find out).
    if (m_state == State::Reading && (m_pos < m_in.size() || m_heldBack)) {
        m_heldBack = false;
        QMetaObject::invokeMethod(this, &HttpConnection::parse, Qt::QueuedConnection);
    }
    // A finished answer goes out now: waiting for the socket's write notifier costs a turn of
    // the event loop and enabling, polling and disabling the notifier, for every answer.
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

void HttpConnection::onBytesWritten()
{
    if (m_state == State::Closing) {
        if (m_socket->bytesToWrite() == 0)
            shutdownWrite();
        return;
    }
    if (!m_replies.empty() && m_replies.front())
        m_replies.front()->notifyWritten();
}

void HttpConnection::onDisconnected()
{
    m_timer.stop();
    for (const QPointer<HttpReply> &reply : m_replies) {
        if (reply)
            reply->connectionLost();
    }
    m_replies.clear();
    m_socket->deleteLater();
}

qint64 HttpConnection::deadline() const
{
    switch (m_state) {
    case State::Closing:
        return m_lingerUntil;
    case State::Refused:
        return kNever; // the refusal's answer comes; its delay is bounded by the service
    case State::Reading:
        break;
    }
    if (m_parser.headDone())
        return m_bodyStart + m_limits.bodyTimeoutMs;
    if (m_parser.headStarted())
        return m_headStart + m_limits.headTimeoutMs;
    return m_replies.empty() ? m_idleSince + m_limits.idleTimeoutMs : kNever;
}

void HttpConnection::schedule()
{
    // The timer is restarted only when the deadline moves earlier; when it fires early,
    // onTimeout() re-arms it for the rest (so a request costs no timer restart).
    const qint64 due = deadline();
    if (due == kNever)
        return;
    if (!m_timer.isActive() || due < m_timerDue) {
        m_timerDue = due;
        m_timer.start(int(std::clamp<qint64>(due - steadyMs(), 0, 24 * 3600 * 1000)));
    }
}

void HttpConnection::onTimeout()
{
    const qint64 due = deadline();
    if (due == kNever)
        return;
    const qint64 now = steadyMs();
    if (due > now) {
        m_timerDue = due;
        m_timer.start(int(std::min<qint64>(due - now, 24 * 3600 * 1000)));
        return;
    }
    if (m_state == State::Closing) {
        m_socket->abort();
        return;
    }
    if (m_parser.headDone())
        reject(ApiResponse::error(
            408, u"REQUEST_TIMEOUT"_s,
            u"The request body did not arrive whole within %1 ms"_s.arg(m_limits.bodyTimeoutMs)));
    else if (m_parser.headStarted())
        reject(ApiResponse::error(
            408, u"REQUEST_TIMEOUT"_s,
            u"The request head did not arrive whole within %1 ms"_s.arg(m_limits.headTimeoutMs)));
    else
        closeAfterWrite();
}

void HttpConnection::closeAfterWrite()
{
    m_state = State::Closing;
    m_lingerUntil = steadyMs() + m_limits.bodyTimeoutMs; // for the last answer to go out
    schedule();
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite();
    else
        m_socket->flush();
}

void HttpConnection::shutdownWrite()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    if (qobject_cast<QSslSocket *>(m_socket) || m_socket->socketDescriptor() < 0) {
        m_socket->disconnectFromHost(); // TLS: its close_notify, then the close
        return;
    }
    // Our side is done; what the client still sends is dropped until it closes or the
    // linger ends (closing with unread bytes would reset the answer away).
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_lingerUntil = steadyMs() + m_limits.lingerMs;
    schedule();
}

} // namespace sluice
