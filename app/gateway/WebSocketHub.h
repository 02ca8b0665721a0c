#pragma once

#include "WebSocketSession.h"

#include <QObject>

class QWebSocket;

namespace sluice {

class AccessLog;
class ApiService;
class HttpServer;

/// Accepts the WebSocket upgrades of the HTTP server and hands each to its endpoint:
/// GET /v1/ws (end users' ticket status: no key needed, each subscription proves its right,
/// see TicketStatusSession) and GET /v1/dashboard/stream (support and up). The key and role
/// are checked as for any route (the route table says which role); refused connections are
/// closed with 4401 (no key where one is needed, or a bad key anywhere, after the bad-key
/// delay), 4403 (role too low), 4404 (no WebSocket endpoint at that path) or 4429 (a key
/// from an address that is being slowed down, at once).
/// Threading: the server's thread.
class WebSocketHub : public QObject
{
    Q_OBJECT

public:
    /// The sessions' timers and the bad-key delay run on `timers` (the gateway's Scheduler),
    /// which must outlive the hub.
    WebSocketHub(HttpServer &http, ApiService &api, AccessLog *log,
                 const WebSocketSession::Settings &settings, Scheduler &timers,
                 QObject *parent = nullptr);

    /// Closes every open WebSocket (1001, going away): for shutdown.
    void closeAll(const QString &reason);
    int openSessions() const;

private:
    void onNewConnections();
    void accept(std::unique_ptr<QWebSocket> socket);
    void refuse(std::unique_ptr<QWebSocket> socket, int code, const QString &reason,
                qint64 delayMs);

    HttpServer &m_http;
    ApiService &m_api;
    AccessLog *m_log;
    WebSocketSession::Settings m_settings;
    Scheduler &m_timers;
};

} // namespace sluice
