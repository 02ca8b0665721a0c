#pragma once

#include "WebSocketSession.h"

namespace sluice {

class DashboardPublisher;

/// The dashboards' WebSocket (GET /v1/dashboard/stream, support role and up): one snapshot
/// message on connect, then the publisher's numbered deltas (WireDashboard.h). A client that
/// sees a gap in the sequence sends {"type": "snapshot"} and gets the whole state again.
class DashboardSession : public WebSocketSession
{
    Q_OBJECT

public:
    DashboardSession(std::unique_ptr<QWebSocket> socket, DashboardPublisher &publisher,
                     const Settings &settings, Scheduler &timers, QObject *parent = nullptr);
    ~DashboardSession() override;

protected:
    void handle(const QJsonObject &message) override;

private:
    DashboardPublisher &m_publisher;
};

} // namespace sluice
