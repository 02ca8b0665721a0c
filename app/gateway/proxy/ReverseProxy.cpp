#include "ReverseProxy.h"

#include "ProxyExchange.h"
#include "UpstreamClients.h"
#include "engine/Engine.h"
#include "util/LogEscape.h"
#include "util/Scheduler.h"

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProxy, "sluice.proxy", QtInfoMsg)

namespace sluice {

ReverseProxy::ReverseProxy(Engine &engine, AdmissionService &admission, Scheduler &timers,
                           ProxyOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_admission(admission)
    , m_clock(timers.clock())
    , m_options(std::move(options))
    , m_scheduler(timers)
    , m_clients(std::make_unique<UpstreamClients>())
{
    // The exchange learns at once what it now holds (so a client that leaves before the
    // grant is delivered still gives the lease back), and acts on it later.
    connect(&engine, &Engine::requestGranted, this, [this](RequestId id, int, bool) {
        if (ProxyExchange *exchange = m_byId.value(id))
            exchange->noteGranted();
        dispatch(id, [](ProxyExchange *exchange, Reason) { exchange->granted(); }, Reason::None);
    });
    connect(&engine, &Engine::requestEnded, this, [this](RequestId id, int, Reason reason) {
        if (ProxyExchange *exchange = m_byId.value(id))
            exchange->noteEnded();
        dispatch(id, [](ProxyExchange *exchange, Reason why) { exchange->endedByEngine(why); },
                 reason);
    });
}

ReverseProxy::~ReverseProxy()
{
    // Exchanges release their slots as they go; they need the scheduler and clients alive.
    // They are forgotten first: the engine's signals of those releases must not reach them.
    m_byId.clear();
    const QList<ProxyExchange *> exchanges = findChildren<ProxyExchange *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(exchanges);
}

void ReverseProxy::handle(ProxyRequest request, std::unique_ptr<ResponseSink> sink)
{
    auto *exchange =
        new ProxyExchange({m_engine, m_admission, m_clock, m_scheduler, *m_clients, m_options},
                          std::move(request), std::move(sink), this);
    ++m_inFlight;
    // Known by its id from admission on, so that the engine's later grant or ending reaches it.
    connect(exchange, &ProxyExchange::admitted, this, [this](ProxyExchange *admitted) {
        m_byId.insert(admitted->requestId(), admitted);
    });
    connect(exchange, &ProxyExchange::done, this, &ReverseProxy::finished);
    connect(exchange, &ProxyExchange::retryScheduled, this, [this, exchange](qint64 delayMs) {
        emit retryScheduled(exchange->pool(), delayMs);
    });
    exchange->start();
}

qsizetype ReverseProxy::retriesPending() const
{
    const QList<ProxyExchange *> exchanges =
        findChildren<ProxyExchange *>(Qt::FindDirectChildrenOnly);
    return std::count_if(exchanges.cbegin(), exchanges.cend(),
                         [](const ProxyExchange *exchange) { return exchange->isRetryPending(); });
}

qint64 ReverseProxy::bufferedBytes() const
{
    qint64 total = 0;
    for (const ProxyExchange *exchange : m_byId)
        total += exchange->bufferedBytes();
    return total;
}

qsizetype ReverseProxy::pausedUpstreams() const
{
    return std::count_if(m_byId.cbegin(), m_byId.cend(),
                         [](const ProxyExchange *exchange) { return exchange->isUpstreamPaused(); });
}

void ReverseProxy::dispatch(RequestId id, void (*call)(ProxyExchange *, Reason), Reason reason)
{
    ProxyExchange *exchange = m_byId.value(id);
    if (!exchange)
        return;
    // Later, not inside the engine's signal: the exchange may call the engine again.
    QMetaObject::invokeMethod(
        exchange, [exchange, call, reason] { call(exchange, reason); }, Qt::QueuedConnection);
}

void ReverseProxy::finished(ProxyExchange *exchange, const ProxyOutcome &outcome)
{
    m_byId.remove(outcome.id);
    --m_inFlight;
    // Every value that came from the client or the upstream goes through logValue().
    qCInfo(lcProxy).noquote().nospace()
        << logValue(outcome.method) << ' '
        << logValue(QString(u"/proxy/"_s + outcome.pool + QString::fromUtf8(outcome.path)))
        << " user=" << logValue(outcome.user) << " status=" << outcome.status
        << " ending=" << logValue(outcome.ending) << " attempts=" << outcome.attempts
        << " queued_ms=" << outcome.queuedMs << " total_ms=" << outcome.totalMs
        << " input_tokens=" << outcome.usage.inputTokens
        << " output_tokens=" << outcome.usage.outputTokens
        << " model=" << logValue(outcome.usage.model) << " refund=" << outcome.usage.refund;
    emit exchangeFinished(outcome);
    exchange->deleteLater();
}

} // namespace sluice
