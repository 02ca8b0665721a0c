#include "remote/RemoteTransport.h"

#include "protocol/WireRecords.h"
#include "remote/HttpCaller.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>

#include <utility>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcRemote, "sluice.remote")

constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbidden = 4403;

QString messageOf(const ApiResponse &response)
{
    const QString message = response.json.toObject().value("message"_L1).toString();
    return message.isEmpty() ? u"HTTP %1"_s.arg(response.status) : message;
}
} // namespace

RemoteTransport::RemoteTransport(const RemoteSettings &settings, Scheduler &scheduler,
                                 QObject *parent)
    : ApiTransport(parent)
    , m_settings(settings)
    , m_http(new HttpCaller(settings, this))
    , m_backoff(settings.firstRetryMs, settings.retryFactor, settings.maxRetryMs)
    , m_scheduler(scheduler)
{
    if (!settings.verifyTls) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket.setSslConfiguration(tls);
    }
    connect(&m_socket, &QWebSocket::connected, this, &RemoteTransport::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteTransport::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteTransport::onText);
    connect(&m_socket, &QWebSocket::pong, this,
            [this] { m_lastHeard = m_scheduler.clock().now(); });
}

RemoteTransport::~RemoteTransport()
{
    stopTimers();
    m_socket.disconnect(this);
    m_socket.abort();
}

void RemoteTransport::send(ApiRequest request, Answer done)
{
    m_http->send(
        request, [self = QPointer(this), done = std::move(done)](const ApiResponse &response) {
            RemoteTransport *alive = self.data();
            if (alive && response.status == 401)
                alive->authFailed(u"The gateway refused the API key: "_s + messageOf(response));
            done(response);
        });
}

void RemoteTransport::openStream()
{
    if (m_streaming)
        return;
    m_streaming = true;
    attempt();
}

void RemoteTransport::closeStream()
{
    m_streaming = false;
    stopTimers();
    ++m_generation;
    m_socketOpen = false;
    m_socket.abort();
}

void RemoteTransport::requestSnapshot()
{
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.sendTextMessage(u"{\"type\":\"snapshot\"}"_s);
}

void RemoteTransport::reconnect()
{
    m_backoff.reset();
    stopTimers();
    m_socketOpen = false;
    m_socket.abort();
    setState(ConnectionState::Connecting);
    attempt();
}

void RemoteTransport::retryNow()
{
    if (!m_streaming)
        return;
    if (m_state == ConnectionState::AuthFailed) {
        reconnect();
        return;
    }
    if (m_retryTask == 0)
        return; // connected, or an attempt is under way
    qCInfo(lcRemote).noquote() << m_settings.baseUrl.toDisplayString() << "- retrying now";
    attempt();
}

void RemoteTransport::attempt()
{
    if (!m_streaming)
        return;
    m_scheduler.cancel(std::exchange(m_retryTask, 0));
    const quint64 generation = ++m_generation;
    ApiRequest whoami;
    whoami.path = u"/v1/whoami"_s;
    m_http->send(whoami, [self = QPointer(this), generation](const ApiResponse &response) {
        RemoteTransport *alive = self.data();
        if (alive && alive->m_streaming && generation == alive->m_generation)
            alive->onWhoami(response);
    });
}

void RemoteTransport::onWhoami(const ApiResponse &response)
{
    if (response.status == 401 || response.status == 403) {
        authFailed(u"The gateway refused the API key: "_s + messageOf(response));
        return;
    }
    if (response.status != 200) {
        fail(messageOf(response));
        return;
    }
    const QString name = response.json.toObject().value("role"_L1).toString();
    const Role role = roleFromName(name).value_or(Role::None);
    if (role < Role::Support) {
        authFailed(u"This key's role is %1; the dashboard needs support, operator or admin"_s.arg(
            name.isEmpty() ? u"unknown"_s : name));
        return;
    }
    m_role = role;
    m_socketOpen = true;
    m_lastHeard = m_scheduler.clock().now();
    scheduleHeartbeat();
    m_socket.open(m_http->networkRequest(m_http->url(
        u"/v1/dashboard/stream"_s, m_settings.baseUrl.scheme() == u"https" ? u"wss"_s : u"ws"_s)));
}

void RemoteTransport::onConnected()
{
    m_backoff.reset();
    m_everConnected = true;
    m_lastHeard = m_scheduler.clock().now();
    setState(ConnectionState::Connected);
}

void RemoteTransport::onDisconnected()
{
    if (!m_socketOpen)
        return;
    m_socketOpen = false;
    m_scheduler.cancel(std::exchange(m_heartbeatTask, 0));
    const int code = int(m_socket.closeCode());
    if (code == kCloseUnauthorized || code == kCloseForbidden) {
        authFailed(u"The gateway closed the stream: "_s + m_socket.closeReason());
        return;
    }
    QString why = m_socket.closeReason();
    if (why.isEmpty())
        why = m_socket.error() == QAbstractSocket::UnknownSocketError ? u"the connection was lost"_s
                                                                      : m_socket.errorString();
    fail(why);
}

void RemoteTransport::onText(const QString &text)
{
    m_lastHeard = m_scheduler.clock().now();
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value("type"_L1).toString();
    if (type == u"pong")
        return;
    if (type == u"error") {
        qCWarning(lcRemote).noquote() << "the gateway says:" << message.value("error"_L1).toString()
                                      << message.value("message"_L1).toString();
        return;
    }
    emit dashboardMessage(message);
}

void RemoteTransport::onHeartbeat()
{
    const qint64 silentMs = m_scheduler.clock().now() - m_lastHeard;
    if (silentMs > 2 * qint64(m_settings.heartbeatMs)) {
        m_socketOpen = false;
        m_socket.abort();
        fail(u"no answer on the stream for %1 s"_s.arg(silentMs / 1000));
        return;
    }
    scheduleHeartbeat();
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.sendTextMessage(u"{\"type\":\"ping\"}"_s);
}

void RemoteTransport::scheduleRetry(int delayMs)
{
    m_scheduler.cancel(m_retryTask);
    m_retryDelayMs = delayMs;
    m_retryAt = m_scheduler.clock().now() + delayMs;
    m_retryTask = m_scheduler.schedule(delayMs, [this] {
        m_retryTask = 0;
        attempt();
    });
}

void RemoteTransport::scheduleHeartbeat()
{
    m_scheduler.cancel(m_heartbeatTask);
    m_heartbeatTask = m_scheduler.schedule(m_settings.heartbeatMs, [this] {
        m_heartbeatTask = 0;
        onHeartbeat();
    });
}

void RemoteTransport::stopTimers()
{
    m_scheduler.cancel(std::exchange(m_retryTask, 0));
    m_scheduler.cancel(std::exchange(m_heartbeatTask, 0));
}

void RemoteTransport::fail(const QString &problem)
{
    if (!m_streaming)
        return;
    const int delay = m_backoff.next();
    const bool lost = m_everConnected && m_backoff.failures() <= m_settings.unreachableAfter;
    qCInfo(lcRemote).noquote() << m_settings.baseUrl.toDisplayString() << problem << "- retrying in"
                               << delay << "ms";
    scheduleRetry(delay);
    setState(lost ? ConnectionState::Reconnecting : ConnectionState::Unreachable, problem);
    emit retryScheduled(delay, problem);
}

void RemoteTransport::authFailed(const QString &problem)
{
    stopTimers();
    ++m_generation;
    m_socketOpen = false;
    m_socket.abort();
    m_role = Role::None;
    setState(ConnectionState::AuthFailed, problem);
}

void RemoteTransport::setState(ConnectionState state, const QString &problem)
{
    m_problem = problem;
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace sluice
