#include "WebSocketSession.h"

#include "protocol/ApiProtocol.h"

#include <QJsonDocument>
#include <QWebSocket>

#include <utility>

namespace sluice {

using namespace Qt::StringLiterals;

WebSocketSession::WebSocketSession(std::unique_ptr<QWebSocket> socket, const Settings &settings,
                                   Scheduler &timers, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_settings(settings)
    , m_timers(timers)
    , m_lastMessage(timers.clock().now())
{
    m_socket->setMaxAllowedIncomingMessageSize(quint64(settings.maxMessageBytes));
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &WebSocketSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &WebSocketSession::onBinary);
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_unansweredPings = 0; });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    m_idleTask = m_timers.schedule(settings.idleTimeoutMs, [this] { onIdleTimer(); });
    m_pingTask = m_timers.schedule(settings.pingIntervalMs, [this] { onPingTimer(); });
}

WebSocketSession::~WebSocketSession()
{
    stopTimers();
}

void WebSocketSession::send(const QJsonObject &message)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void WebSocketSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    stopTimers();
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
    heard();
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
    heard();
    sendError(u"INVALID_MESSAGE"_s, u"Send JSON text messages, not binary ones"_s);
}

void WebSocketSession::heard()
{
    m_lastMessage = m_timers.clock().now();
}

void WebSocketSession::onIdleTimer()
{
    const TimeMs due = m_lastMessage + m_settings.idleTimeoutMs;
    if (m_timers.clock().now() < due) {
        m_idleTask = m_timers.schedule(due - m_timers.clock().now(), [this] { onIdleTimer(); });
        return;
    }
    m_idleTask = 0;
    close(QWebSocketProtocol::CloseCodeGoingAway,
          u"idle for %1 s without a message"_s.arg(m_settings.idleTimeoutMs / 1000.0));
}

void WebSocketSession::onPingTimer()
{
    m_pingTask = 0;
    if (++m_unansweredPings > 2) {
        close(QWebSocketProtocol::CloseCodeGoingAway, u"no answer to pings"_s);
        return;
    }
    m_pingTask = m_timers.schedule(m_settings.pingIntervalMs, [this] { onPingTimer(); });
    m_socket->ping();
}

void WebSocketSession::stopTimers()
{
    m_timers.cancel(std::exchange(m_idleTask, 0));
    m_timers.cancel(std::exchange(m_pingTask, 0));
}

} // namespace sluice
