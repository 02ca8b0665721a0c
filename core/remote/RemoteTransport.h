#pragma once

#include "backend/ApiTransport.h"
#include "remote/Backoff.h"
#include "remote/RemoteSettings.h"

#include <QElapsedTimer>
#include <QTimer>
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
/// Threading: the thread it lives on (the GUI thread).
class RemoteTransport : public ApiTransport
{
    Q_OBJECT

public:
    explicit RemoteTransport(const RemoteSettings &settings, QObject *parent = nullptr);
    ~RemoteTransport() override;

    void send(ApiRequest request, Answer done) override;
    void openStream() override;
    void closeStream() override;
    void requestSnapshot() override;

    ConnectionState state() const override { return m_state; }
    Role role() const override { return m_role; }
    QString problem() const override { return m_problem; }

    /// Connects again now, with the first backoff delay next (also after AuthFailed).
    void reconnect();
    /// Failed attempts since the last connection.
    int failedAttempts() const { return m_backoff.failures(); }
    /// The delay of the retry scheduled now; -1 when none is.
    int scheduledRetryMs() const { return m_retry.isActive() ? m_retry.interval() : -1; }

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
    void fail(const QString &problem);
    void authFailed(const QString &problem);
    void setState(ConnectionState state, const QString &problem = {});

    RemoteSettings m_settings;
    HttpCaller *m_http;
    QWebSocket m_socket;
    Backoff m_backoff;
    QTimer m_retry;
    QTimer m_heartbeat;
    QElapsedTimer m_sinceHeard;
    ConnectionState m_state = ConnectionState::Connecting;
    Role m_role = Role::None;
    QString m_problem;
    bool m_streaming = false;
    bool m_everConnected = false;
    bool m_socketOpen = false; ///< a socket of ours is open or opening
    quint64 m_generation = 0;  ///< bumps per attempt; answers of older attempts are dropped
};

} // namespace sluice
