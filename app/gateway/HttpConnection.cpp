#include "HttpConnection.h"

#include "HttpReply.h"
#include "HttpWire.h"
#include "api/ApiResponse.h"

#include <QTcpSocket>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kChunkFramingAllowance = 64 * 1024;

bool knownMethod(QByteArrayView method)
{
    return methodFromName(method) != HttpMethod::Other;
}

/// An HTTP token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~.
bool isToken(QByteArrayView name)
{
    constexpr QByteArrayView symbols = "!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || symbols.contains(c);
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
    m_timer.start(m_limits.idleTimeoutMs);
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
    m_timer.start(m_limits.requestTimeoutMs);
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
    const QByteArray text = headEnd < 0 ? m_head.left(m_head.indexOf("\r\n")) : m_head.left(headEnd);
    const QList<QByteArray> lines = text.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        reject(400, u"BAD_REQUEST"_s, u"Malformed request line: expected METHOD /path HTTP/1.1"_s);
        return false;
    }
    if (!knownMethod(requestLine[0])) {
        reject(405, errors::kMethodNotAllowed,
               u"Method %1 is not supported"_s.arg(QString::fromLatin1(requestLine[0].left(20))));
        return false;
    }
    if (headEnd < 0)
        return true;
    m_bodyExpected = 0;
    bool expectContinue = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon))) {
            reject(400, u"BAD_REQUEST"_s, u"Malformed header line %1"_s.arg(i));
            return false;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (m_bodyExpected > 0 && m_bodyExpected != length)) {
                reject(400, u"BAD_REQUEST"_s, u"Invalid Content-Length"_s);
                return false;
            }
            if (length > m_limits.maxBodyBytes) {
                const qint64 rest = length - bodyReceived;
                reject(413, errors::kPayloadTooLarge,
                       u"The request body (%1 bytes) is larger than %2 bytes"_s.arg(length).arg(m_limits.maxBodyBytes),
                       length <= m_limits.maxDiscardBytes ? rest : 0);
                return false;
            }
            m_bodyExpected = length;
        } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
            m_bodyExpected = -1;
        } else if (name == "expect" && value.toLower() == "100-continue") {
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
    m_socket->write(httpwire::head(status, {{"content-type", "application/json"},
                                            {"content-length", QByteArray::number(body.size())}},
                                   true)
                    + body);
    if (m_discard > 0)
        m_timer.start(m_limits.requestTimeoutMs);  // drop the body, then close (onTimeout at the latest)
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

qint64 HttpConnection::bytesToWrite(const HttpReply *reply) const
{
    return isFront(reply) ? m_socket->bytesToWrite() : 0;
}

void HttpConnection::onReplyFinished(HttpReply *reply)
{
    if (!isFront(reply))
        return;  // its bytes are held until the replies before it are done
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
    m_timer.start(m_limits.idleTimeoutMs);
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
    if (m_rejected) {
        closeAfterWrite();
        return;
    }
    if (!m_replies.empty()) {
        m_timer.start(m_limits.idleTimeoutMs);  // a handler is still working on a reply
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
