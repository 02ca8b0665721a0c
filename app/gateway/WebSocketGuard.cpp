#include "WebSocketGuard.h"

#include <QTcpSocket>

namespace sluice {

namespace {
constexpr qint64 kMaxPayload = qint64(1) << 62;
}

WebSocketGuard::WebSocketGuard(QTcpSocket *socket, qint64 handshakeBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_nextHeader(handshakeBytes)
{
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketGuard::beforeRead);
}

void WebSocketGuard::attach()
{
    if (m_attached)
        return;
    m_attached = true;
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketGuard::afterRead);
    afterRead();  // the handshake was read
    beforeRead(); // frames that came with it
}

void WebSocketGuard::beforeRead()
{
    const qint64 available = m_socket->bytesAvailable();
    m_arrived = m_consumed + available;
    if (m_nextHeader >= m_arrived)
        return; // only payload came
    const QByteArray data = m_socket->peek(available);
    while (m_nextHeader < m_arrived) {
        const qint64 at = m_nextHeader - m_consumed;
        if (at < 0 || at + 2 > available)
            return;
        const auto second = quint8(data[at + 1]);
        if (!(second & 0x80)) {
            refuse();
            return;
        }
        const int lengthBytes = (second & 0x7f) == 126 ? 2 : (second & 0x7f) == 127 ? 8 : 0;
        if (at + 2 + lengthBytes > available)
            return;
        quint64 payload = second & 0x7f;
        if (lengthBytes > 0) {
            payload = 0;
            for (int i = 0; i < lengthBytes; ++i)
                payload = (payload << 8) | quint8(data[at + 2 + i]);
        }
        if (payload > quint64(kMaxPayload)) {
            refuse();
            return;
        }
        m_nextHeader += 2 + lengthBytes + 4 + qint64(payload);
    }
}

void WebSocketGuard::afterRead()
{
    m_consumed = m_arrived - m_socket->bytesAvailable();
}

void WebSocketGuard::refuse()
{
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->skip(m_socket->bytesAvailable());
    m_socket->write(QByteArray("\x88\x02\x03\xea", 4)); // close, 1002 protocol error
    m_socket->disconnectFromHost();
}

} // namespace sluice
