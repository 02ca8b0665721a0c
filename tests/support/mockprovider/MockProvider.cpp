#include "MockProvider.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sluice::test {
namespace {

constexpr qint64 kWindowMs = 60'000;
constexpr qsizetype kMaxRecords = 10'000;

QByteArray secondsRoundedUp(qint64 ms)
{
    return QByteArray::number((qMax<qint64>(ms, 0) + 999) / 1000);
}

QByteArray rfc3339(qint64 fromNowMs)
{
    return QDateTime::currentDateTimeUtc().addMSecs(fromNowMs).toString(Qt::ISODate).toLatin1();
}

} // namespace

MockProvider::MockProvider(MockConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_clock.start();
    m_server.route(u"/v1/messages"_s, QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                       handleApi(MockReply::Api::Anthropic, request, std::move(responder));
                   });
    m_server.route(u"/v1/chat/completions"_s, QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                       handleApi(MockReply::Api::OpenAi, request, std::move(responder));
                   });
    m_server.route(u"/mock/stats"_s, QHttpServerRequest::Method::Get, [this] {
        return QHttpServerResponse(stats().toJson());
    });
    m_server.route(u"/mock/reset"_s, QHttpServerRequest::Method::Post, [this] {
        resetStats();
        return QHttpServerResponse(QHttpServerResponder::StatusCode::NoContent);
    });
}

MockProvider::~MockProvider()
{
    // Before the server goes: its sockets' destruction would report to a half-destroyed mock.
    const QList<MockExchange *> exchanges = std::exchange(m_exchanges, {});
    for (MockExchange *exchange : exchanges) {
        disconnect(exchange, nullptr, this, nullptr);
        delete exchange;
    }
}

quint16 MockProvider::listen(quint16 port)
{
    m_port = m_server.listen(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl MockProvider::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

MockStats MockProvider::stats() const
{
    return m_stats;
}

void MockProvider::resetStats()
{
    const int active = m_stats.active;
    m_stats = {};
    m_stats.active = active;
    m_stats.maxActive = active;
    m_received.clear();
}

void MockProvider::resumePausedStreams()
{
    const QList<MockExchange *> exchanges = m_exchanges;
    for (MockExchange *exchange : exchanges)
        exchange->resume();
}

void MockProvider::handleApi(MockReply::Api api, const QHttpServerRequest &request,
                             QHttpServerResponder &&responder)
{
    ++m_stats.requests;
    if (m_received.size() < kMaxRecords) {
        MockRequestRecord record;
        record.method = "POST";
        record.path = request.url().path(QUrl::FullyEncoded).toUtf8();
        record.query = request.url().query(QUrl::FullyEncoded).toUtf8();
        for (const auto &[name, value] : request.headers())
            record.headers.emplaceBack(name, value);
        record.body = request.body();
        m_received.append(record);
    }
    emit requestReceived();

    const QByteArray apiKey = request.value("x-api-key");
    const QByteArray bearer = request.value("authorization");
    if (apiKey != m_config.apiKey && bearer != "Bearer " + m_config.apiKey) {
        ++m_stats.unauthorized;
        return refuse(responder, api, 401,
                      api == MockReply::Api::Anthropic ? u"invalid x-api-key"_s
                                                       : u"Incorrect API key provided"_s,
                      {});
    }
    QJsonParseError parseError;
    const QJsonDocument body = QJsonDocument::fromJson(request.body(), &parseError);
    if (!body.isObject())
        return refuse(responder, api, 400,
                      u"request body is not a JSON object: "_s + parseError.errorString(), {});

    std::optional<MockFault> fault;
    if (!m_faults.isEmpty())
        fault = m_faults.dequeue();
    if (fault && fault->kind == MockFault::Kind::Status) {
        HeaderPairs headers;
        if (!fault->retryAfter.isEmpty())
            headers.emplaceBack("retry-after", fault->retryAfter);
        if (!fault->retryAfterMs.isEmpty())
            headers.emplaceBack("retry-after-ms", fault->retryAfterMs);
        if (fault->status == 429)
            headers.append(rateLimitHeaders(api));
        const QString message = fault->status == 429   ? u"Number of requests has exceeded your rate limit"_s
                                : fault->status == 529 ? u"Overloaded"_s
                                                       : u"Scripted failure"_s;
        return refuse(responder, api, fault->status, message, headers);
    }
    if (const auto wait = rpmRetryAfterMs()) {
        HeaderPairs headers{{"retry-after", secondsRoundedUp(*wait)}};
        headers.append(rateLimitHeaders(api));
        return refuse(responder, api, 429,
                      u"Number of requests per minute has exceeded your rate limit of %1"_s
                          .arg(m_config.requestsPerMinute),
                      headers);
    }
    if (m_config.maxConcurrent > 0 && m_stats.active >= m_config.maxConcurrent) {
        HeaderPairs headers{{"retry-after", QByteArray::number(m_config.concurrencyRetryAfterS)}};
        headers.append(rateLimitHeaders(api));
        return refuse(responder, api, 429,
                      u"Number of concurrent requests has exceeded your limit of %1"_s
                          .arg(m_config.maxConcurrent),
                      headers);
    }

    m_window.push_back(m_clock.elapsed());
    ++m_stats.served;
    m_stats.maxActive = std::max(m_stats.maxActive, ++m_stats.active);

    const QJsonObject json = body.object();
    MockReply reply;
    reply.api = api;
    reply.stream = json.value(u"stream"_s).toBool();
    reply.includeUsageInStream =
        json.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool();
    reply.model = json.value(u"model"_s).toString(u"mock-model"_s);
    reply.id = (api == MockReply::Api::Anthropic ? u"msg_mock_%1"_s : u"chatcmpl-mock-%1"_s)
                   .arg(m_nextId++);
    reply.words = m_config.replyText.split(u' ', Qt::SkipEmptyParts);
    reply.inputTokens = std::max<qint64>(1, (request.body().size() + 3) / 4);

    HeaderPairs headers = rateLimitHeaders(api);
    headers.emplaceBack("request-id", reply.id.toLatin1());
    auto *exchange = new MockExchange(std::move(responder), reply, m_config.latencyMs, headers,
                                      fault, this);
    m_exchanges.append(exchange);
    connect(exchange, &MockExchange::paused, this, &MockProvider::streamPaused);
    connect(exchange, &MockExchange::bodyBytesSent, this, &MockProvider::bodyBytesSent);
    connect(exchange, &MockExchange::ended, this, &MockProvider::exchangeFinished);
    exchange->start();
}

void MockProvider::refuse(QHttpServerResponder &responder, MockReply::Api api, int status,
                          const QString &message, HeaderPairs headers)
{
    if (status == 429)
        ++m_stats.rateLimited;
    if (status == 529)
        ++m_stats.overloaded;
    const QByteArray body = MockBodies::error(api, status, message);
    headers.emplaceBack("content-type", "application/json");
    headers.emplaceBack("content-length", QByteArray::number(body.size()));
    if (QTcpSocket *socket = responder.socket())
        socket->write(HttpWire::head(status, headers) + body);
}

HeaderPairs MockProvider::rateLimitHeaders(MockReply::Api api) const
{
    const qint64 limit = m_config.requestsPerMinute;
    if (limit <= 0)
        return {};
    const qint64 now = m_clock.elapsed();
    const qint64 inWindow = std::count_if(m_window.begin(), m_window.end(),
                                          [now](qint64 at) { return at > now - kWindowMs; });
    const qint64 resetInMs = m_window.empty() ? 0 : m_window.front() + kWindowMs - now;
    const QByteArray remaining = QByteArray::number(std::max<qint64>(0, limit - inWindow));
    if (api == MockReply::Api::OpenAi)
        return {{"x-ratelimit-limit-requests", QByteArray::number(limit)},
                {"x-ratelimit-remaining-requests", remaining},
                {"x-ratelimit-reset-requests", QByteArray::number(qMax<qint64>(resetInMs, 0)) + "ms"}};
    return {{"anthropic-ratelimit-requests-limit", QByteArray::number(limit)},
            {"anthropic-ratelimit-requests-remaining", remaining},
            {"anthropic-ratelimit-requests-reset", rfc3339(resetInMs)}};
}

std::optional<qint64> MockProvider::rpmRetryAfterMs()
{
    const qint64 now = m_clock.elapsed();
    while (!m_window.empty() && m_window.front() <= now - kWindowMs)
        m_window.pop_front();
    if (m_config.requestsPerMinute <= 0 || qsizetype(m_window.size()) < m_config.requestsPerMinute)
        return std::nullopt;
    return m_window.front() + kWindowMs - now;
}

void MockProvider::exchangeFinished(MockExchange *exchange, MockExchange::Ending how)
{
    m_exchanges.removeOne(exchange);
    --m_stats.active;
    m_stats.busySlotMs += exchange->elapsedMs();
    switch (how) {
    case MockExchange::Ending::Completed: ++m_stats.completed; break;
    case MockExchange::Ending::Reset: ++m_stats.resets; break;
    case MockExchange::Ending::ClientGone: ++m_stats.clientAborts; break;
    }
    exchange->deleteLater();
    emit exchangeEnded();
}

} // namespace sluice::test
