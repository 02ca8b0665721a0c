#pragma once

#include "WebSocketSession.h"

#include <QSet>

namespace sluice {

class TicketWatcher;

/// The end users' WebSocket (GET /v1/ws, the seeds' protocol): {"type": "subscribe",
/// "requestId": ID} starts status messages for a request (TicketWatcher.h), {"type":
/// "unsubscribe", "requestId": ID} stops them. At most settings().maxSubscriptions at once.
class TicketStatusSession : public WebSocketSession
{
    Q_OBJECT

public:
    TicketStatusSession(std::unique_ptr<QWebSocket> socket, TicketWatcher &watcher,
                        const Settings &settings, QObject *parent = nullptr);
    ~TicketStatusSession() override;

protected:
    void handle(const QJsonObject &message) override;

private:
    TicketWatcher &m_watcher;
    QHash<quint64, quint64> m_subscriptions; ///< request id -> subscription
};

} // namespace sluice
