#include "WebSocketSession.h"

#include "protocol/ApiProtocol.h"

#include <QJsonDocument>
#include <QWebSocket>

namespace sluice {

using namespace Qt::StringLiterals;

WebSocketSession::WebSocketSession(std::unique_ptr<QWebSocket> socket, const Settings &settings,
                                   QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_settings(settings)
{
    m_socket->setMaxAllowedIncomingMessageSize(quint64(settings.maxMessageBytes));
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &WebSocketSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &WebSocketSession::onBinary);
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_unansweredPings = 0; });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        close(QWebSocketProtocol::CloseCodeGoingAway,
              u"idle for %1 s without a message"_s.arg(m_settings.idleTimeoutMs / 1000.0));
    });
    m_idle.start(settings.idleTimeoutMs);
    connect(&m_ping, &QTimer::timeout, this, &WebSocketSession::onPingTimer);
    m_ping.start(settings.pingIntervalMs);
}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::send(const QJsonObject &message)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void WebSocketSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_idle.stop();
    m_ping.stop();
    m_socket->close(code, reason);
}

void WebSocketSession::sendError(const QString &code, const QString &message)
{
    send(QJsonObject{{u"type"_s, u"error"_s},
                     {u"protocol"_s, kProtocolVersion},
                     {u"error"_s, code},
                     {u"message"_s, message}});
}

void WebSocketSession::onText(const QString &text)
{
    m_idle.start(m_settings.idleTimeoutMs);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        sendError(u"INVALID_MESSAGE"_s, u"Messages are JSON objects with a \"type\""_s);
        return;
    }
    const QJsonObject message = document.object();
    if (message.value("type"_L1).toString() == u"ping") {
        send(QJsonObject{{u"type"_s, u"pong"_s}, {u"protocol"_s, kProtocolVersion}});
        return;
    }
    handle(message);
}

void WebSocketSession::onBinary()
{
    m_idle.start(m_settings.idleTimeoutMs);
    sendError(u"INVALID_MESSAGE"_s, u"Send JSON text messages, not binary ones"_s);
}

void WebSocketSession::onPingTimer()
{
    if (++m_unansweredPings > 2) {
        close(QWebSocketProtocol::CloseCodeGoingAway, u"no answer to pings"_s);
        return;
    }
    m_socket->ping();
}

} // namespace sluice
