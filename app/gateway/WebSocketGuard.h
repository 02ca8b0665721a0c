#pragma once

#include <QObject>

class QTcpSocket;

namespace sluice {

/// Refuses unmasked client frames on an upgraded socket (RFC 6455 5.1: the server must close
/// the connection; QtWebSockets 6.4 accepts them). It reads each frame header before
/// QWebSocket does: its first slot on readyRead runs before QWebSocket's (it connects
/// first) and peeks at the new bytes; a second slot, connected once the QWebSocket exists
/// (attach()), notes how much QWebSocket consumed, so the guard knows where the next frame
/// header is. On an unmasked frame it drops everything unread, sends a close frame with
/// 1002 (protocol error) and closes the socket, so QWebSocket never sees the frame.
/// Lives on the socket's thread, as the socket's child.
class WebSocketGuard : public QObject
{
    Q_OBJECT

public:
    /// `handshakeBytes`: the opening handshake still unread at the start of the socket's
    /// buffer; frames follow it.
    WebSocketGuard(QTcpSocket *socket, qint64 handshakeBytes);

    /// Call once the QWebSocket has taken the socket (its readers are connected).
    void attach();
    QTcpSocket *socket() const { return m_socket; }

private:
    void beforeRead();
    void afterRead();
    void refuse();

    QTcpSocket *m_socket;
    qint64 m_consumed = 0;   ///< stream offset of the socket buffer's first byte
    qint64 m_arrived = 0;    ///< stream offset of the end of what arrived
    qint64 m_nextHeader = 0; ///< stream offset of the next frame header
    bool m_attached = false;
};

} // namespace sluice
