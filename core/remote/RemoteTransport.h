#pragma once

#include "backend/ApiTransport.h"
#include "remote/Backoff.h"
#include "remote/RemoteSettings.h"
#include "util/Scheduler.h"

#include <QWebSocket>

namespace sluice {

class HttpCaller;

/// A remote gateway as an ApiTransport: requests over HTTP(S) (HttpCaller) and the
/// dashboard stream over a WebSocket (GET /v1/dashboard/stream), both with the API key.
///
/// Connecting: GET /v1/whoami gives the key's role (401 or 403, or a role below support,
/// is AuthFailed: no retry until reconnect()); then the WebSocket opens and the state is
/// Connected. A lost or refused connection is retried with exponential backoff
/// (RemoteSettings): the state is Reconnecting after a lost connection and Unreachable once
/// `unreachableAfter` attempts have failed, or at once when the first connection fails; it
/// keeps retrying either way. A stream silent for two heartbeats is dropped and
/// reconnected. A WebSocket closed with 4401/4403 is AuthFailed too.
/// Retries and heartbeats run on the given Scheduler, and their times come from its clock
/// (tests drive both); nextRetryAt() says when the scheduled retry is due on that clock, and
/// retryNow() runs it at once. The scheduler must outlive the transport.
/// Threading: the thread it lives on (the GUI thread), the scheduler's too.
class RemoteTransport : public ApiTransport
{
    Q_OBJECT

public:
    RemoteTransport(const RemoteSettings &settings, Scheduler &scheduler,
                    QObject *parent = nullptr);
    ~RemoteTransport() override;

    void send(ApiRequest request, Answer done) override;
    void openStream() override;
    void closeStream() override;
    void requestSnapshot() override;

    ConnectionState state() const override { return m_state; }
    Role role() const override { return m_role; }
    QString problem() const override { return m_problem; }
    TimeMs nextRetryAt() const override { return m_retryTask != 0 ? m_retryAt : 0; }
    void retryNow() override;

    /// Connects again now, with the first backoff delay next (also after AuthFailed).
    void reconnect();
    /// Failed attempts since the last connection.
    int failedAttempts() const { return m_backoff.failures(); }
    /// The delay of the retry scheduled now; -1 when none is.
    int scheduledRetryMs() const { return m_retryTask != 0 ? m_retryDelayMs : -1; }
    /// When the stream last said something (the scheduler's clock); 0 before it opened.
    TimeMs lastHeard() const { return m_lastHeard; }

signals:
    /// A retry was scheduled in `delayMs` after `problem`.
    void retryScheduled(int delayMs, const QString &problem);

private:
    void attempt();
    void onWhoami(const ApiResponse &response);
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onHeartbeat();
    void scheduleRetry(int delayMs);
    void scheduleHeartbeat();
    void stopTimers();
    void fail(const QString &problem);
    void authFailed(const QString &problem);
    void setState(ConnectionState state, const QString &problem = {});

    RemoteSettings m_settings;
    HttpCaller *m_http;
    QWebSocket m_socket;
    Backoff m_backoff;
    Scheduler &m_scheduler;
    Scheduler::Handle m_retryTask = 0;
    Scheduler::Handle m_heartbeatTask = 0;
    int m_retryDelayMs = 0;
    TimeMs m_retryAt = 0; ///< when the scheduled retry is due (the scheduler's clock)
    TimeMs m_lastHeard = 0;
    ConnectionState m_state = ConnectionState::Connecting;
    Role m_role = Role::None;
    QString m_problem;
    bool m_streaming = false;
    bool m_everConnected = false;
    bool m_socketOpen = false; ///< a socket of ours is open or opening
    quint64 m_generation = 0;  ///< bumps per attempt; answers of older attempts are dropped
};

} // namespace sluice
