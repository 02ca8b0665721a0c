#pragma once

#include "util/Scheduler.h"

#include <QJsonObject>
#include <QObject>
#include <QWebSocket>

#include <memory>

namespace sluice {

/// One WebSocket connection of the gateway: JSON text messages both ways, the heartbeat and
/// the idle timeout. The server pings every pingIntervalMs and closes a peer that has not
/// answered two pings (dead); it closes a connection from which no message came for
/// idleTimeoutMs (5 minutes by default, as the seeds' provider does) - a client keeps it open
/// by sending anything, e.g. {"type": "ping"}, answered {"type": "pong"}.
/// Both timers run on the given Scheduler (tests drive its clock); it must outlive the session.
/// Subclasses handle the messages of one endpoint. Deletes itself when the socket closes.
class WebSocketSession : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int idleTimeoutMs = 300'000;
        int pingIntervalMs = 30'000;
        qint64 maxMessageBytes = 64 * 1024;
        int maxSubscriptions = 100;
    };

    WebSocketSession(std::unique_ptr<QWebSocket> socket, const Settings &settings,
                     Scheduler &timers, QObject *parent = nullptr);
    ~WebSocketSession() override;

    void send(const QJsonObject &message);
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

protected:
    /// A JSON object the client sent (other than ping).
    virtual void handle(const QJsonObject &message) = 0;
    void sendError(const QString &code, const QString &message);
    const Settings &settings() const { return m_settings; }

private:
    void onText(const QString &text);
    void onBinary();
    void onPingTimer();
    void onIdleTimer();
    void heard();
    void stopTimers();

    std::unique_ptr<QWebSocket> m_socket;
    Settings m_settings;
    Scheduler &m_timers;
    Scheduler::Handle m_idleTask = 0;
    Scheduler::Handle m_pingTask = 0;
    TimeMs m_lastMessage = 0;
    int m_unansweredPings = 0;
};

} // namespace sluice
