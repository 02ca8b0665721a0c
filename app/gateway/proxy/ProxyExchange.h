#pragma once

#include "ProxyRequest.h"
#include "ProxyTypes.h"
#include "ResponseSink.h"
#include "UsageMeter.h"
#include "config/PoolConfig.h"
#include "engine/Reason.h"
#include "retry/UpstreamResult.h"
#include "util/Scheduler.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace sluice {

class AdmissionService;
class Engine;
class UpstreamCall;
class UpstreamClients;
struct ApiResponse;
struct Decision;
struct Usage;

/// What every exchange of one ReverseProxy shares.
struct ProxyServices
{
    Engine &engine;       ///< configuration, request access, upstream throttling
    AdmissionService &admission; ///< acquire, release, cancel, heartbeat
    const Clock &clock;
    Scheduler &scheduler;
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

    /// Bytes one client may leave unread before the upstream is no longer read.
    static constexpr qint64 kClientBufferBytes = 1 << 20;
    /// A JSON answer up to this size is held until it is complete and checked, so that a
    /// broken one can still be answered with a 502; a larger one streams through.
    static constexpr qint64 kHeldJsonBytes = 256 << 10;

    void start();
    /// The engine granted the waiting ticket: from now on the exchange holds a lease, even
    /// before granted() runs. Called inside the engine's signal; calls nothing back.
    void noteGranted();
    /// The engine ended the ticket or lease: there is nothing left to give back. Called
    /// inside the engine's signal; calls nothing back.
    void noteEnded();
    /// The grant, delivered later than the engine made it (outside its signal).
    void granted();
    /// The engine ended the ticket or lease (queue timeout, purge, lease expiry).
    void endedByEngine(Reason reason);
    RequestId requestId() const { return m_outcome.id; }
    bool isDone() const { return m_state == State::Done; }
    /// Waiting for the time of its next upstream attempt.
    bool isRetryPending() const { return m_retryTask != 0; }
    const QString &pool() const { return m_request.pool; }
    /// Answer bytes held for this client: unsent by the sink plus unread from the upstream.
    qint64 bufferedBytes() const;
    bool isUpstreamPaused() const;

signals:
    /// Admission gave the exchange a ticket or a lease (requestId() names it).
    void admitted(sluice::ProxyExchange *exchange);
    void retryScheduled(qint64 delayMs);
    void done(sluice::ProxyExchange *exchange, const sluice::ProxyOutcome &outcome);

private:
    enum class State { New, Admitting, Queued, Pausing, Calling, Streaming, Done };
    /// What the exchange holds in the engine, whatever its state: given back exactly once.
    enum class Slot { None, Ticket, Lease, Returned };

    std::optional<ApiResponse> checkRequest();
    void decided(const Decision &decision);
    void noteReleased(bool released, const Usage &usage);
    void attempt();
    void onHead(int status, const HeaderList &headers);
    void onData(const QByteArray &data);
    void onFinished();
    void onFailed(bool timedOut, const QString &message);
    bool retry(const UpstreamResult &result);
    void throttlePool(const UpstreamResult &result);
    void onClientGone();
    void onWritten();
    void sendHead();
    void sendHeld();
    void upstreamInvalid();
    void heartbeat(bool force);
    void answerError(const ApiResponse &error, QString ending);
    void end(QString ending);
    void returnSlot();
    QUrl upstreamUrl() const;

    ProxyServices m_services;
    ProxyRequest m_request;
    std::unique_ptr<ResponseSink> m_sink;
    PoolConfig m_pool;
    RetryPolicy m_policy;
    QByteArray m_upstreamKey;
    QString m_requestModel;
    State m_state = State::New;
    Slot m_slot = Slot::None;
    int m_headStatus = 0;
    HeaderList m_head;  ///< the answer's head, held until its first byte (or its end)
    bool m_headSent = false;
    QByteArray m_held;  ///< the start of a JSON answer, while it is at most kHeldJsonBytes
    bool m_usageInvalid = false;  ///< the upstream's usage is not to be believed
    UpstreamCall *m_call = nullptr;
    Scheduler::Handle m_retryTask = 0;
    int m_retries = 0;
    UsageMeter m_usage;
    bool m_served = false;  ///< an answer other than 429/5xx reached the client
    TimeMs m_arrivedAt = 0;
    TimeMs m_lastHeartbeat = 0;
    QTimer m_keepAlive;
    ProxyOutcome m_outcome;
};

} // namespace sluice
