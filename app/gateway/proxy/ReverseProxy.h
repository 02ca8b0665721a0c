#pragma once

#include "ProxyRequest.h"
#include "ProxyTypes.h"
#include "ResponseSink.h"

#include <QHash>
#include <QLoggingCategory>
#include <QObject>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcProxy)

namespace sluice {

class AdmissionService;
class Engine;
class ProxyExchange;
class Scheduler;
class UpstreamClients;

/// The reverse proxy behind `/proxy/<pool>/<path>` (SPEC section 4): forwards a request to
/// the pool's upstream base URL once the engine admits it, and streams the answer back.
///
/// For each request, in order:
/// 1. the client's Sluice key (`x-api-key` or `Authorization: Bearer`) must pass
///    ProxyOptions::authenticate (401 otherwise); the end user is `X-Sluice-User`, else the
///    client's name; unknown users get the engine's default tier;
/// 2. admission: acquire a slot, waiting in the pool's queue up to its queue timeout; a
///    rejection answers with the engine's error code, status and Retry-After;
/// 3. the upstream call: the client's key and hop-by-hop fields are removed and the pool's
///    upstream key (from the environment variable upstreamKeyEnv, in upstreamAuthHeader,
///    default `authorization`) is added; it is never logged nor returned;
/// 4. 429, 529, 502, 503, 504 and connection errors are retried per the pool's RetryPolicy,
///    holding the slot; an upstream retry hint (`retry-after-ms`, `Retry-After`) also pauses
///    the whole pool that long through Engine::throttle;
/// 5. the answer streams to the client as it arrives (each piece written at once), and once
///    it has begun nothing is retried; a client that reads slowly slows the upstream read
///    (bounded buffers both ways: the request body is whole and capped by the transport);
///    an answer with broken framing or impossible usage is an upstream error (502, or the
///    stream cut), refunded and charged no more than the estimate;
/// 6. usage (tokens, model) read from the answer is reported when the slot is released. The
///    slot is released exactly once: at the end, when the client goes away (the upstream call
///    is aborted), when the upstream fails or times out, also when the client leaves between
///    the engine's grant and its delivery to the exchange. It is refunded (Usage::refund) unless
///    an answer other than 429 or 5xx reached the client.
///
/// Admission goes through `admission` (the one way in, runtime/AdmissionService.h); what
/// happens to a ticket or lease later comes from the engine's signals.
/// Threading: lives on the engine's thread; the engine and admission must outlive it.
class ReverseProxy : public QObject
{
    Q_OBJECT

public:
    /// The waits between upstream attempts run on `timers` (the gateway's Scheduler), which
    /// must outlive the proxy; its clock is the proxy's.
    ReverseProxy(Engine &engine, AdmissionService &admission, Scheduler &timers,
                 ProxyOptions options, QObject *parent = nullptr);
    ~ReverseProxy() override;

    /// Takes one request and the sink its answer goes to; returns at once.
    void handle(ProxyRequest request, std::unique_ptr<ResponseSink> sink);
    /// Requests being handled now.
    qsizetype inFlight() const { return m_inFlight; }
    /// Retries waiting for their time.
    qsizetype retriesPending() const;
    /// Answer bytes held in the gateway for clients that have not read them yet (unsent by
    /// the sinks plus unread from the upstreams); each exchange keeps it near
    /// ProxyExchange::kClientBufferBytes + UpstreamCall::kReadBufferBytes.
    qint64 bufferedBytes() const;
    /// Upstream calls not read now because their client is slow.
    qsizetype pausedUpstreams() const;
    const ProxyOptions &options() const { return m_options; }

signals:
    void retryScheduled(const QString &pool, qint64 delayMs);
    void exchangeFinished(const sluice::ProxyOutcome &outcome);

private:
    void dispatch(RequestId id, void (*call)(ProxyExchange *, Reason), Reason reason);
    void finished(ProxyExchange *exchange, const ProxyOutcome &outcome);

    Engine &m_engine;
    AdmissionService &m_admission;
    const Clock &m_clock;
    ProxyOptions m_options;
    Scheduler &m_scheduler;
    std::unique_ptr<UpstreamClients> m_clients;
    QHash<RequestId, ProxyExchange *> m_byId;
    qsizetype m_inFlight = 0;
};

} // namespace sluice
