#pragma once

#include "MockBodies.h"
#include "MockExchange.h"
#include "MockTypes.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QUrl>

#include <deque>
#include <optional>

namespace sluice::test {

/// A fake LLM provider on 127.0.0.1 that behaves like Anthropic's Messages API
/// (`POST /v1/messages`) and OpenAI's Chat Completions (`POST /v1/chat/completions`): it
/// requires its key (`x-api-key` or `Authorization: Bearer`, else 401), enforces a
/// concurrency limit and a requests-per-minute window with 429 + `retry-after` + rate-limit
/// headers, answers whole JSON bodies or server-sent events with usage, and misbehaves on
/// demand (addFault). `GET /mock/stats` returns the counters as JSON; `POST /mock/reset`
/// clears them. Real time (the latency is real); single thread.
class MockProvider : public QObject
{
    Q_OBJECT

public:
    explicit MockProvider(MockConfig config = {}, QObject *parent = nullptr);
    ~MockProvider() override;

    /// Listens on 127.0.0.1 (port 0: any free port). Returns the port, 0 on failure.
    quint16 listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

    const MockConfig &config() const { return m_config; }
    void setConfig(const MockConfig &config) { m_config = config; }
    /// Applies to the next API request after those already scripted.
    void addFault(const MockFault &fault) { m_faults.enqueue(fault); }

    MockStats stats() const;
    void resetStats();
    const QList<MockRequestRecord> &received() const { return m_received; }
    /// Continues every stream held by a PauseAfterEvents fault.
    void resumePausedStreams();

signals:
    void requestReceived();
    void streamPaused();
    /// A LargeBody answer's bytes handed to the network so far (the head's included).
    void bodyBytesSent(qint64 total);
    void exchangeEnded();

private:
    void handleApi(MockReply::Api api, const QHttpServerRequest &request,
                   QHttpServerResponder &&responder);
    void refuse(QHttpServerResponder &responder, MockReply::Api api, int status,
                const QString &message, HeaderPairs headers);
    HeaderPairs rateLimitHeaders(MockReply::Api api) const;
    std::optional<qint64> rpmRetryAfterMs();
    void exchangeFinished(MockExchange *exchange, MockExchange::Ending how);

    MockConfig m_config;
    QHttpServer m_server;
    quint16 m_port = 0;
    QQueue<MockFault> m_faults;
    QList<MockExchange *> m_exchanges;
    std::deque<qint64> m_window;  // admission times (ms on m_clock) within the last minute
    QElapsedTimer m_clock;
    MockStats m_stats;
    QList<MockRequestRecord> m_received;
    qint64 m_nextId = 1;
};

} // namespace sluice::test
