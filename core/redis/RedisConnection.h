#pragma once

#include "redis/RedisReply.h"
#include "redis/RedisUrl.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

struct redisAsyncContext;
class RedisQtAdapter;

namespace sluice {

/// One asynchronous connection to Redis on the Qt event loop (hiredis's Qt adapter): it
/// never blocks the thread on the network. Every command has a timeout (a slow Redis fails
/// the command with Failure::Timeout instead of stalling the caller; the late answer is
/// dropped when it comes). A lost or refused connection is retried with exponential backoff
/// and jitter (100 ms doubling to 5 s by default) until close().
///
/// Commands are sent in order; answers come in order. With a password in the URL, `AUTH` goes
/// first (then `SELECT` of its database); a command given while connecting waits for them,
/// and a refused one ends the connection, retried like a lost one, with the server's reason.
/// A command given while disconnected fails with Failure::Unavailable, asynchronously (the callback
/// never runs before command() returns). Host names are resolved by hiredis with getaddrinfo, which
/// blocks: use an address or a name the resolver answers at once (localhost).
///
/// Threading: the thread it lives in; callbacks come on it. Do not delete it from one of its
/// callbacks (deleteLater() is fine). Its destructor drops pending callbacks unheard.
class RedisConnection : public QObject
{
    Q_OBJECT
public:
    enum class State : quint8
    {
        Closed,
        Connecting,
        Connected,
        WaitingToRetry
    };
    using Callback = std::function<void(const RedisReply &reply)>;

    explicit RedisConnection(RedisUrl url, QObject *parent = nullptr);
    ~RedisConnection() override;

    /// Starts connecting (and reconnecting whenever the connection is lost).
    void open();
    /// Disconnects and stops reconnecting; pending commands fail with Unavailable.
    void close();
    State state() const { return m_state; }
    const RedisUrl &url() const { return m_url; }

    /// Sends one command (binary-safe arguments). timeoutMs < 0: the default timeout.
    void command(const QList<QByteArray> &args, Callback callback, int timeoutMs = -1);

    void setCommandTimeout(int ms) { m_commandTimeoutMs = ms; }
    int commandTimeout() const { return m_commandTimeoutMs; }
    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    void setBackoff(int firstMs, int maxMs);

signals:
    /// The connection is up, authenticated and on its database: commands may go.
    void connected();
    /// The connection was lost or could not be made; a retry is scheduled unless closed.
    void disconnected(const QString &reason);

private:
    enum class Step : quint8
    {
        Auth,
        Select
    };
    struct Pending
    {
        Callback callback;
        std::multimap<qint64, quint64>::iterator deadline;
        int timeoutMs = 0;
    };

    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *privdata);

    void startConnecting();
    bool send(quint64 id, const QList<QByteArray> &args);
    void sendHandshake();
    void handshakeAnswered(const redisReply *reply);
    void handshakeDone();
    void connectionLost(const QString &reason);
    void scheduleRetry();
    void detachAdapter();
    void freeContext();
    void finish(quint64 id, const RedisReply &reply);
    void failAllPending(const QByteArray &why);
    void armTimeoutTimer();
    void expireOverdue();

    RedisUrl m_url;
    State m_state = State::Closed;
    redisAsyncContext *m_context = nullptr;
    RedisQtAdapter *m_adapter = nullptr;
    bool m_destroying = false;
    int m_commandTimeoutMs = 200;
    int m_connectTimeoutMs = 2000;
    int m_backoffFirstMs = 100;
    int m_backoffMaxMs = 5000;
    int m_attempt = 0;
    QList<Step> m_handshake;     ///< AUTH and SELECT sent and not answered yet, in order
    bool m_transportUp = false;  ///< this connection's TCP is up (its handshake may not be)
    quint64 m_attemptSerial = 0; ///< counts connection attempts
    quint64 m_nextId = 1;
    std::unordered_map<quint64, Pending> m_pending;
    /// Given while connecting: sent once AUTH and SELECT have answered.
    std::vector<std::pair<quint64, QList<QByteArray>>> m_held;
    std::multimap<qint64, quint64> m_deadlines; ///< steady ms -> command id
    QTimer m_timeoutTimer;
    qint64 m_armedFor = 0;
    QTimer m_connectTimer;
    QTimer m_retryTimer;
};

} // namespace sluice
