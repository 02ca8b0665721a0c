#include "ProxyExchange.h"

#include "ForwardedHeaders.h"
#include "RequestEstimate.h"
#include "UpstreamCall.h"
#include "engine/Engine.h"
#include "protocol/ApiResponse.h"
#include "protocol/WireEngine.h"
#include "runtime/AdmissionService.h"
#include "util/LogEscape.h"

#include <QLoggingCategory>

#include <utility>

Q_LOGGING_CATEGORY(lcProxyExchange, "sluice.proxy.exchange", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

/// The answer to a request the engine ended before it was done. The body is the API's; the
/// status is a gateway's (the API's 410 would tell an SDK the resource is gone for good).
ApiResponse ended(Reason reason)
{
    const int status = reason == Reason::Timeout || reason == Reason::LeaseExpired ? 504 : 503;
    return ApiResponse::error(status, reasonCode(reason), endMessage(reason));
}

} // namespace

ProxyExchange::ProxyExchange(ProxyServices services, ProxyRequest request,
                             std::unique_ptr<ResponseSink> sink, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_request(std::move(request))
    , m_sink(std::move(sink))
    , m_policy(RetrySettings(), services.options.random)
    , m_arrivedAt(services.clock.now())
{
    m_outcome.pool = m_request.pool;
    m_outcome.method = m_request.method;
    m_outcome.path = m_request.path;
    connect(m_sink.get(), &ResponseSink::clientGone, this, &ProxyExchange::onClientGone);
    connect(m_sink.get(), &ResponseSink::written, this, &ProxyExchange::onWritten);
}

ProxyExchange::~ProxyExchange()
{
    if (m_state == State::Done)
        return;
    // Torn down with the proxy: give the slot back without answering anyone.
    if (m_retryTask)
        m_services.scheduler.cancel(m_retryTask);
    if (m_call)
        m_call->abort();
    m_served = false;
    m_usageInvalid = true;
    returnSlot();
}

void ProxyExchange::start()
{
    if (const std::optional<ApiResponse> error = checkRequest())
        return answerError(*error, u"rejected"_s);
    const RequestEstimate estimate = RequestEstimate::fromBody(m_request.body);
    m_requestModel = estimate.model;
    AcquireRequest acquire;
    acquire.pool = m_request.pool;
    acquire.user = m_outcome.user;
    acquire.tokens = estimate.tokens;
    acquire.transient = true;  // the upstream call dies with the process: nothing to resume
    acquire.owner = m_request.owner;
    m_state = State::Admitting;
    m_services.admission.acquire(
        acquire, [self = QPointer<ProxyExchange>(this),
                  admission = &m_services.admission](const Decision &decision) {
            if (self)
                self->decided(decision);
            else
                admission->giveBack(decision); // torn down before the answer came
        });
}

void ProxyExchange::decided(const Decision &decision)
{
    if (m_state != State::Admitting) // the client left while admission was deciding
        return m_services.admission.giveBack(decision);
    m_outcome.id = decision.id;
    if (decision.rejected())
        return answerError(ApiResponse::fromDecision(decision), u"rejected"_s);
    m_slot = decision.queued() ? Slot::Ticket : Slot::Lease;
    emit admitted(this);
    if (decision.queued()) {
        m_state = State::Queued;
        return;
    }
    granted();
}

std::optional<ApiResponse> ProxyExchange::checkRequest()
{
    const QByteArray key = ForwardedHeaders::clientKey(m_request.headers);
    if (key.isEmpty())
        return ApiResponse::error(
            401, errors::kUnauthorized,
            u"send a Sluice client key in x-api-key or Authorization: Bearer"_s);
    const auto &authenticate = m_services.options.authenticate;
    const std::optional<QString> client = authenticate ? authenticate(key) : std::nullopt;
    if (!client)
        return ApiResponse::error(401, errors::kUnauthorized, u"the client key is not valid"_s);
    const PoolConfig *pool = m_services.engine.config().pool(m_request.pool);
    if (!pool)
        return ApiResponse::error(404, reasonCode(Reason::UnknownPool),
                                  u"unknown pool '%1'"_s.arg(m_request.pool));
    m_pool = *pool;
    m_policy = RetryPolicy(m_pool.retry, m_services.options.random);
    if (m_pool.upstreamUrl.isEmpty())
        return ApiResponse::error(502, u"UPSTREAM_NOT_CONFIGURED"_s,
                                  u"pool '%1' has no upstream_url to proxy to"_s.arg(m_pool.name));
    if (!m_pool.upstreamKeyEnv.isEmpty()) {
        m_upstreamKey = m_services.options.environment.value(m_pool.upstreamKeyEnv).toUtf8();
        if (m_upstreamKey.isEmpty())
            return ApiResponse::error(502, u"UPSTREAM_KEY_MISSING"_s,
                                      u"the environment variable %1 holding pool '%2''s upstream "
                                      "key is not set"_s.arg(m_pool.upstreamKeyEnv, m_pool.name));
    }
    m_outcome.user = QString::fromUtf8(m_request.header("x-sluice-user")).trimmed();
    if (m_outcome.user.isEmpty())
        m_outcome.user = *client;
    return std::nullopt;
}

void ProxyExchange::noteGranted()
{
    if (m_slot == Slot::Ticket)
        m_slot = Slot::Lease;
}

void ProxyExchange::noteEnded()
{
    if (m_slot != Slot::None)
        m_slot = Slot::Returned;
}

qint64 ProxyExchange::bufferedBytes() const
{
    return m_sink->bufferedBytes() + m_held.size() + (m_call ? m_call->bufferedBytes() : 0);
}

bool ProxyExchange::isUpstreamPaused() const
{
    return m_call && m_call->isPaused();
}

void ProxyExchange::granted()
{
    if (m_state != State::Admitting && m_state != State::Queued)
        return;
    if (m_slot != Slot::Lease)
        return;  // ended by the engine before the grant arrived: endedByEngine() answers
    m_outcome.queuedMs = m_services.clock.now() - m_arrivedAt;
    m_lastHeartbeat = m_services.clock.now();
    // Keep the lease alive while the upstream thinks, not only while data flows.
    m_keepAlive.setInterval(int(std::clamp<qint64>(m_pool.leaseIdleTimeoutMs / 4, 250, 60'000)));
    connect(&m_keepAlive, &QTimer::timeout, this, [this] { heartbeat(true); });
    m_keepAlive.start();
    attempt();
}

void ProxyExchange::attempt()
{
    m_state = State::Calling;
    ++m_outcome.attempts;
    if (m_outcome.attempts > 1)
        heartbeat(true);
    const QString authHeader =
        m_pool.upstreamAuthHeader.isEmpty() ? u"authorization"_s : m_pool.upstreamAuthHeader;
    HeaderList headers = ForwardedHeaders::toUpstream(m_request.headers, authHeader.toLatin1());
    if (!m_upstreamKey.isEmpty())
        headers.append(ForwardedHeaders::credential(authHeader, m_upstreamKey));
    m_call = new UpstreamCall(m_services.clients, upstreamUrl(), m_request.method, headers,
                              m_request.body, m_services.options.upstreamIdleTimeoutMs, this);
    connect(m_call, &UpstreamCall::headReceived, this, &ProxyExchange::onHead);
    connect(m_call, &UpstreamCall::dataReceived, this, &ProxyExchange::onData);
    connect(m_call, &UpstreamCall::finished, this, &ProxyExchange::onFinished);
    connect(m_call, &UpstreamCall::failed, this, &ProxyExchange::onFailed);
}

QUrl ProxyExchange::upstreamUrl() const
{
    QByteArray target = m_pool.upstreamUrl.toUtf8();
    while (target.endsWith('/'))
        target.chop(1);
    target += m_request.path;
    if (!m_request.query.isEmpty())
        target += '?' + m_request.query;
    return QUrl::fromEncoded(target);
}

void ProxyExchange::onHead(int status, const HeaderList &headers)
{
    const UpstreamResult result =
        UpstreamResult::fromStatus(status, ForwardedHeaders::value(headers, "retry-after"),
                                   ForwardedHeaders::value(headers, "retry-after-ms"));
    if (RetryPolicy::isRetryable(result)) {
        throttlePool(result);
        if (retry(result))
            return;
    }
    m_state = State::Streaming;
    m_outcome.status = status;
    m_served = status < 500 && status != 429;
    m_headStatus = status;
    m_head = ForwardedHeaders::toClient(headers);
    const std::optional<RequestAccess> access = m_services.engine.access(m_outcome.id);
    m_head.emplaceBack(
        "x-sluice-request-id",
        formatRequestId(m_outcome.id, access ? access->secret : RequestSecret()).toLatin1());
    m_headSent = false;
    // Only a success that must have a body is metered and checked for a complete one.
    const bool bodyExpected =
        m_request.method != "HEAD" && status >= 200 && status < 300 && status != 204;
    m_usage.begin(bodyExpected ? ForwardedHeaders::value(headers, "content-type") : QByteArray());
}

void ProxyExchange::sendHead()
{
    if (m_headSent)
        return;
    m_headSent = true;
    m_sink->writeHead(m_headStatus, m_head);
    m_head.clear();
}

void ProxyExchange::sendHeld()
{
    sendHead();
    if (!m_held.isEmpty())
        m_sink->writeChunk(std::exchange(m_held, {}));
}

void ProxyExchange::onData(const QByteArray &data)
{
    if (m_state != State::Streaming)
        return;
    m_usage.feed(data);
    if (!m_usage.problem().isEmpty())
        return upstreamInvalid();
    heartbeat(false);
    if (!m_headSent && m_usage.readsJson() && m_held.size() + data.size() <= kHeldJsonBytes) {
        m_held += data;
        return;
    }
    sendHeld();
    m_sink->writeChunk(data);
    if (m_call && m_sink->bufferedBytes() > kClientBufferBytes)
        m_call->pause();  // the client is slower than the upstream: let TCP slow the upstream
}

void ProxyExchange::onWritten()
{
    if (m_call && m_call->isPaused() && m_sink->bufferedBytes() <= kClientBufferBytes / 2)
        m_call->resume();
}

void ProxyExchange::onFinished()
{
    m_usage.finish();
    if (!m_usage.problem().isEmpty())
        return upstreamInvalid();
    sendHeld();
    m_sink->finish();
    end(u"completed"_s);
}

void ProxyExchange::upstreamInvalid()
{
    // Neither served nor believed: refunded, and charged no more than the estimate.
    m_served = false;
    m_usageInvalid = true;
    qCWarning(lcProxyExchange).noquote()
        << "pool" << logValue(m_pool.name) << "upstream answer refused:" << m_usage.problem();
    if (m_headSent) {
        m_sink->abort();
        return end(u"upstream_invalid"_s);
    }
    answerError(ApiResponse::error(502, u"UPSTREAM_INVALID_ANSWER"_s, m_usage.problem()),
                u"upstream_invalid"_s);
}

void ProxyExchange::onFailed(bool timedOut, const QString &message)
{
    if (m_state == State::Streaming && m_headSent) {
        // The answer has begun: it cannot be retried, only cut off where it broke.
        m_sink->abort();
        return end(timedOut ? u"upstream_timeout"_s : u"upstream_reset"_s);
    }
    if (m_state == State::Streaming) {
        // Broken before its first byte reached the client: an error the client can read.
        m_served = false;
        return answerError(
            ApiResponse::error(502, u"UPSTREAM_RESET"_s,
                               u"the upstream's answer broke off before its body: "_s + message),
            timedOut ? u"upstream_timeout"_s : u"upstream_reset"_s);
    }
    if (retry(UpstreamResult::fromConnectionError()))
        return;
    const ApiResponse error =
        timedOut ? ApiResponse::error(504, u"UPSTREAM_TIMEOUT"_s,
                                      u"the upstream did not answer within %1 ms"_s.arg(
                                          m_services.options.upstreamIdleTimeoutMs))
                 : ApiResponse::error(502, u"UPSTREAM_UNREACHABLE"_s,
                                      u"the upstream could not be reached: "_s + message);
    answerError(error, u"upstream_failed"_s);
}

bool ProxyExchange::retry(const UpstreamResult &result)
{
    const std::optional<qint64> delay =
        m_policy.delayBeforeRetryMs(m_retries, result, m_services.clock.now());
    if (!delay)
        return false;
    if (m_call) {
        m_call->abort();
        m_call->deleteLater();
        m_call = nullptr;
    }
    ++m_retries;
    m_state = State::Pausing;
    m_retryTask = m_services.scheduler.schedule(*delay, [this] {
        m_retryTask = 0;
        if (m_slot == Slot::Lease)
            attempt();  // else the engine ended the lease: endedByEngine() answers
    });
    emit retryScheduled(*delay);
    return true;
}

void ProxyExchange::throttlePool(const UpstreamResult &result)
{
    const std::optional<qint64> hint =
        RetryPolicy::upstreamDelayMs(result, m_services.clock.now());
    if (hint && *hint > 0)
        m_services.admission.throttle(m_pool.name, *hint);
}

void ProxyExchange::endedByEngine(Reason reason)
{
    m_slot = m_slot == Slot::None ? Slot::None : Slot::Returned;
    switch (m_state) {
    case State::New:
    case State::Admitting:
    case State::Done:
        return;
    case State::Streaming:
        if (m_headSent) {
            m_sink->abort();
            return end(reasonCode(reason).toLower());
        }
        [[fallthrough]];
    case State::Queued:
    case State::Pausing:
    case State::Calling:
        return answerError(ended(reason), reasonCode(reason).toLower());
    }
}

void ProxyExchange::onClientGone()
{
    if (m_state == State::New || m_state == State::Done)
        return;
    end(u"client_gone"_s);
}

void ProxyExchange::heartbeat(bool force)
{
    const TimeMs now = m_services.clock.now();
    const qint64 every = std::max<qint64>(1000, m_pool.leaseIdleTimeoutMs / 4);
    if (!force && now - m_lastHeartbeat < every)
        return;
    m_lastHeartbeat = now;
    m_services.admission.heartbeat(m_outcome.id, [](const Result<Done> &) {});
}

void ProxyExchange::answerError(const ApiResponse &error, QString ending)
{
    m_outcome.status = error.status;
    HeaderList headers{{"content-type", error.effectiveContentType()}};
    headers.append(error.headers);
    m_sink->respond(error.status, headers, error.serializedBody());
    end(std::move(ending));
}

void ProxyExchange::end(QString ending)
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    m_keepAlive.stop();
    if (m_retryTask)
        m_services.scheduler.cancel(m_retryTask);
    m_retryTask = 0;
    if (m_call) {
        m_call->abort();
        m_call->deleteLater();
        m_call = nullptr;
    }
    returnSlot();
    m_outcome.totalMs = m_services.clock.now() - m_arrivedAt;
    m_outcome.ending = std::move(ending);
    emit done(this, m_outcome);
}

void ProxyExchange::noteReleased(bool released, const Usage &usage)
{
    m_outcome.released = released;
    m_outcome.usage = usage;
}

void ProxyExchange::returnSlot()
{
    // Whatever the interleaving of grant, client and upstream, admission gets back what the
    // exchange holds, once: a ticket is cancelled, a lease released.
    const Slot held = m_slot;
    m_slot = held == Slot::None ? Slot::None : Slot::Returned;
    if (held != Slot::Ticket && held != Slot::Lease)
        return;
    Usage usage;
    if (!m_usageInvalid) {
        usage.inputTokens = m_usage.inputTokens();
        usage.outputTokens = m_usage.outputTokens();
        usage.model = m_usage.model();
    }
    if (usage.model.isEmpty())
        usage.model = m_requestModel;
    usage.refund = !m_served;
    const auto noted = [self = QPointer<ProxyExchange>(this), usage](const Result<Done> &released) {
        if (ProxyExchange *exchange = self.data())
            exchange->noteReleased(bool(released), usage);
    };
    m_services.admission.letGo(m_outcome.id, held == Slot::Lease, usage, noted);
}

} // namespace sluice
