#include "WebSocketHub.h"

#include "DashboardSession.h"
#include "HttpServer.h"
#include "TicketStatusSession.h"
#include "api/AccessLog.h"
#include "api/ApiService.h"
#include "protocol/WireRecords.h"
#include "runtime/EngineRuntime.h"
#include "util/Scheduler.h"

#include <QPointer>
#include <QWebSocket>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr int kUnauthorized = 4401;
constexpr int kForbidden = 4403;
constexpr int kNotFound = 4404;
constexpr int kThrottled = 4429;

ApiRequest upgradeRequest(const QWebSocket &socket)
{
    ApiRequest request;
    request.method = HttpMethod::Get;
    request.path = socket.requestUrl().path(QUrl::FullyEncoded);
    const QNetworkRequest handshake = socket.request();
    for (const QByteArray &name : handshake.rawHeaderList())
        request.headers.append({name.toLower(), handshake.rawHeader(name)});
    bool isV4 = false;
    const quint32 v4 = socket.peerAddress().toIPv4Address(&isV4);
    request.peer = isV4 ? QHostAddress(v4).toString() : socket.peerAddress().toString();
    return request;
}
} // namespace

WebSocketHub::WebSocketHub(HttpServer &http, ApiService &api, AccessLog *log,
                           const WebSocketSession::Settings &settings, Scheduler &timers,
                           QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_api(api)
    , m_log(log)
    , m_settings(settings)
    , m_timers(timers)
{
    connect(&http, &HttpServer::newWebSocketConnection, this, &WebSocketHub::onNewConnections);
}

void WebSocketHub::onNewConnections()
{
    while (std::unique_ptr<QWebSocket> socket = m_http.takeWebSocket())
        accept(std::move(socket));
}

void WebSocketHub::accept(std::unique_ptr<QWebSocket> socket)
{
    ApiRequest request = upgradeRequest(*socket);
    const ApiService::KeyCheck check = m_api.authenticate(request);
    const ApiRouter::Match match = m_api.router().match(HttpMethod::Get, request.path);
    int status = 101;
    if (check.verdict == ApiService::KeyCheck::Verdict::Locked) {
        status = 429;
        refuse(std::move(socket), kThrottled,
               ApiService::throttledResponse(check.delayMs)
                   .json.toObject()
                   .value("message"_L1)
                   .toString(),
               0);
    } else if (match.kind != ApiRouter::Match::Kind::Found ||
               (request.path != u"/v1/ws" && request.path != u"/v1/dashboard/stream")) {
        status = 404;
        refuse(std::move(socket), kNotFound,
               u"No WebSocket endpoint at %1"_s.arg(request.path.left(100)), 0);
    } else if (request.badKey ||
               (match.route->minRole != Role::None && request.role == Role::None)) {
        status = 401;
        refuse(std::move(socket), kUnauthorized,
               request.badKey ? u"The API key is not valid"_s : u"This endpoint needs an API key"_s,
               check.delayMs);
    } else if (request.role < match.route->minRole) {
        status = 403;
        refuse(std::move(socket), kForbidden,
               u"This endpoint needs the %1 role"_s.arg(roleName(match.route->minRole)), 0);
    } else if (request.path == u"/v1/ws") {
        new TicketStatusSession(std::move(socket), m_api.tickets(), m_api.tracker(),
                                m_api.runtime().admission(), {request.role, request.keyId, request.actor},
                                m_settings, m_timers, this);
    } else {
        new DashboardSession(std::move(socket), m_api.dashboard(), m_settings, m_timers, this);
    }
    if (m_log) {
        AccessLog::RequestLine line;
        line.at = m_api.runtime().clock().now();
        line.peer = request.peer;
        line.path = request.path;
        line.status = status;
        line.actor = request.actor;
        m_log->request(line);
    }
}

void WebSocketHub::refuse(std::unique_ptr<QWebSocket> socket, int code, const QString &reason,
                          qint64 delayMs)
{
    QWebSocket *raw = socket.release();
    raw->setParent(this);
    connect(raw, &QWebSocket::disconnected, raw, &QObject::deleteLater);
    const auto close = [raw = QPointer<QWebSocket>(raw), code, reason] {
        if (raw)
            raw->close(QWebSocketProtocol::CloseCode(code), reason);
    };
    if (delayMs > 0)
        m_timers.schedule(delayMs, close); // the bad-key delay, on the gateway's clock
    else
        QMetaObject::invokeMethod(this, close, Qt::QueuedConnection);
}

void WebSocketHub::closeAll(const QString &reason)
{
    for (WebSocketSession *session :
         findChildren<WebSocketSession *>(QString(), Qt::FindDirectChildrenOnly))
        session->close(QWebSocketProtocol::CloseCodeGoingAway, reason);
}

int WebSocketHub::openSessions() const
{
    return int(findChildren<WebSocketSession *>(QString(), Qt::FindDirectChildrenOnly).size());
}

} // namespace sluice
