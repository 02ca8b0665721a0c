#pragma once

#include "ProxyRequest.h"
#include "ProxyTypes.h"
#include "ResponseSink.h"
#include "RetryScheduler.h"
#include "UsageMeter.h"
#include "config/PoolConfig.h"
#include "engine/Reason.h"
#include "retry/UpstreamResult.h"

#include <QObject>
#include <QTimer>
#include <QPointer>

#include <memory>

namespace sluice {

class Engine;
class UpstreamCall;
class UpstreamClients;
struct ApiResponse;

/// What every exchange of one ReverseProxy shares.
struct ProxyServices
{
    Engine &engine;
    const Clock &clock;
    RetryScheduler &scheduler;
    UpstreamClients &clients;
    const ProxyOptions &options;
};

/// One proxied request from arrival to release: client key check, admission (waiting in the
/// queue if need be), upstream attempts with retries, streaming the answer through, reading
/// usage, and releasing the slot exactly once whatever happens. Owned by ReverseProxy, which
/// forwards the engine's grant and ending of this request to granted() and endedByEngine().
class ProxyExchange : public QObject
{
    Q_OBJECT

public:
    ProxyExchange(ProxyServices services, ProxyRequest request,
                  std::unique_ptr<ResponseSink> sink, QObject *parent = nullptr);
    ~ProxyExchange() override;

    void start();
    /// The engine granted the waiting ticket.
    void granted();
    /// The engine ended the ticket or lease (queue timeout, purge, lease expiry).
    void endedByEngine(Reason reason);
    RequestId requestId() const { return m_outcome.id; }
    bool isDone() const { return m_state == State::Done; }
    const QString &pool() const { return m_request.pool; }

signals:
    void retryScheduled(qint64 delayMs);
    void done(sluice::ProxyExchange *exchange, const sluice::ProxyOutcome &outcome);

private:
    enum class State { New, Queued, Pausing, Calling, Streaming, Done };

    std::optional<ApiResponse> checkRequest();
    void attempt();
    void onHead(int status, const HeaderList &headers);
    void onData(const QByteArray &data);
    void onFinished();
    void onFailed(bool timedOut, const QString &message);
    bool retry(const UpstreamResult &result);
    void throttlePool(const UpstreamResult &result);
    void onClientGone();
    void heartbeat(bool force);
    void answerError(const ApiResponse &error, QString ending, bool releaseLease);
    void end(QString ending, bool releaseLease);
    QUrl upstreamUrl() const;

    ProxyServices m_services;
    ProxyRequest m_request;
    std::unique_ptr<ResponseSink> m_sink;
    PoolConfig m_pool;
    RetryPolicy m_policy;
    QByteArray m_upstreamKey;
    QString m_requestModel;
    State m_state = State::New;
    UpstreamCall *m_call = nullptr;
    RetryScheduler::Handle m_retryTask = 0;
    int m_retries = 0;
    UsageMeter m_usage;
    bool m_served = false;  ///< an answer other than 429/5xx reached the client
    TimeMs m_arrivedAt = 0;
    TimeMs m_lastHeartbeat = 0;
    QTimer m_keepAlive;
    ProxyOutcome m_outcome;
};

} // namespace sluice
