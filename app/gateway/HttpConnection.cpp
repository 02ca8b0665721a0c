#include "HttpConnection.h"

#include "HttpFraming.h"
#include "HttpReply.h"
#include "api/ApiResponse.h"

#include <QTcpSocket>

#include <chrono>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kChunkFramingAllowance = 64 * 1024;

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool knownMethod(QByteArrayView method)
{
    return methodFromName(method) != HttpMethod::Other;
}

/// An HTTP token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~.
bool isToken(QByteArrayView name)
{
    constexpr QByteArrayView symbols = "!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               symbols.contains(c);
    });
}
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const Limits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    arm(m_limits.idleTimeoutMs);
}

void HttpConnection::arm(int ms)
{
    const qint64 now = steadyMs();
    m_deadline = now + ms;
    if (!m_timer.isActive() || m_deadline < m_timerDue) {
        m_timerDue = m_deadline;
        m_timer.start(ms);
    }
}

HttpConnection *HttpConnection::attach(QTcpSocket *socket, const Limits &limits)
{
    return new HttpConnection(socket, limits);
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly);
}

void HttpConnection::onReadyRead()
{
    const qint64 available = m_socket->bytesAvailable();
    if (m_rejected) {
        m_socket->skip(available);
        m_discard -= available;
        if (m_discard <= 0 && !m_closing)
            closeAfterWrite();
        return;
    }
    arm(m_limits.requestTimeoutMs);
    if (!m_headDone) {
        const qsizetype before = m_head.size();
        m_head += m_socket->peek(std::min(available, m_limits.maxHeadBytes + 4 - before));
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            const qsizetype lineEnd = m_head.indexOf("\r\n");
            if (m_head.size() > m_limits.maxHeadBytes)
                reject(431, u"HEADERS_TOO_LARGE"_s,
                       u"The request head is larger than %1 bytes"_s.arg(m_limits.maxHeadBytes));
            else if (lineEnd >= 0 && m_head.count("\r\n") == 1)
                checkHead(-1, 0);
            return;
        }
        if (!checkHead(end, before + available - (end + 4)))
            return;
        m_headDone = true;
        m_bodySeen = before + available - (end + 4);
        m_head.clear();
    } else {
        m_bodySeen += available;
    }
    const qint64 allowance = m_bodyExpected < 0 ? kChunkFramingAllowance : 0;
    if (m_bodySeen > m_limits.maxBodyBytes + allowance)
        reject(413, errors::kPayloadTooLarge,
               u"The request body is larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
}

bool HttpConnection::checkHead(qsizetype headEnd, qint64 bodyReceived)
{
    // Views into m_head, no copies: this runs for every request.
    const QByteArrayView head =
        QByteArrayView(m_head).first(headEnd < 0 ? m_head.indexOf("\r\n") : headEnd);
    const qsizetype requestLineEnd = head.indexOf('\r') < 0 ? head.size() : head.indexOf('\r');
    const QByteArrayView requestLine = head.first(requestLineEnd).trimmed();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1 ||
        !requestLine.sliced(lastSpace + 1).startsWith("HTTP/1.")) {
        reject(400, u"BAD_REQUEST"_s, u"Malformed request line: expected METHOD /path HTTP/1.1"_s);
        return false;
    }
    if (!knownMethod(requestLine.first(firstSpace))) {
        reject(405, errors::kMethodNotAllowed,
               u"Method %1 is not supported"_s.arg(
                   QString::fromLatin1(requestLine.first(std::min<qsizetype>(firstSpace, 20)))));
        return false;
    }
    if (headEnd < 0)
        return true;
    m_bodyExpected = 0;
    bool expectContinue = false;
    qsizetype lineStart = requestLineEnd + 2;
    for (int number = 1; lineStart < head.size(); ++number) {
        qsizetype lineEnd = head.indexOf("\r\n", lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            reject(400, u"BAD_REQUEST"_s, u"Malformed header line %1"_s.arg(number));
            return false;
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (m_bodyExpected > 0 && m_bodyExpected != length)) {
                reject(400, u"BAD_REQUEST"_s, u"Invalid Content-Length"_s);
                return false;
            }
            if (length > m_limits.maxBodyBytes) {
                const qint64 rest = length - bodyReceived;
                reject(413, errors::kPayloadTooLarge,
                       u"The request body (%1 bytes) is larger than %2 bytes"_s.arg(length).arg(
                           m_limits.maxBodyBytes),
                       length <= m_limits.maxDiscardBytes ? rest : 0);
                return false;
            }
            m_bodyExpected = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0 &&
                   value.toByteArray().toLower().contains("chunked")) {
            m_bodyExpected = -1;
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0 &&
                   value.compare("100-continue", Qt::CaseInsensitive) == 0) {
            expectContinue = true;
        }
    }
    if (expectContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return true;
}

void HttpConnection::reject(int status, const QString &code, const QString &message, qint64 discard)
{
    m_rejected = true;
    m_discard = discard;
    m_socket->skip(m_socket->bytesAvailable());
    const ApiResponse response = ApiResponse::error(status, code, message);
    const QByteArray body = response.serializedBody();
    m_socket->write(httpframing::head(status,
                                      {{"content-type", "application/json"},
                                       {"content-length", QByteArray::number(body.size())}},
                                      true) +
                    body);
    if (m_discard > 0)
        arm(m_limits.requestTimeoutMs); // drop the body, then close (onTimeout at the latest)
    else
        closeAfterWrite();
}

HttpReply *HttpConnection::newReply(bool close)
{
    m_headDone = false;
    m_head.clear();
    m_bodySeen = 0;
    m_bodyExpected = 0;
    auto *reply = new HttpReply(*this, close);
    connect(reply, &ApiReply::finished, this, [this, reply] { onReplyFinished(reply); });
    m_replies.emplace_back(reply);
    return reply;
}

bool HttpConnection::isFront(const HttpReply *reply) const
{
    return !m_closing && !m_replies.empty() && m_replies.front() == reply;
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
    arm(m_limits.idleTimeoutMs);
}

void HttpConnection::onBytesWritten()
{
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
}

void HttpConnection::onTimeout()
{
    const qint64 early = m_deadline - steadyMs();
    if (early > 0) {
        m_timerDue = m_deadline;
        m_timer.start(int(early));
        return;
    }
    if (m_rejected) {
        closeAfterWrite();
        return;
    }
    if (!m_replies.empty()) {
        arm(m_limits.idleTimeoutMs); // a handler is still working on a reply
        return;
    }
    if (!m_head.isEmpty() || m_headDone) {
        reject(408, u"REQUEST_TIMEOUT"_s,
               u"The request did not arrive whole within %1 ms"_s.arg(m_limits.requestTimeoutMs));
        return;
    }
    closeAfterWrite();
}

void HttpConnection::closeAfterWrite()
{
    m_closing = true;
    m_timer.stop();
    m_socket->disconnectFromHost();
}

} // namespace sluice
