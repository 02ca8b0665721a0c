#pragma once

#include "alerts/AlertEvent.h"
#include "retry/RetryPolicy.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <deque>

namespace sluice {

/// Sends alerts to a webhook (SPEC section 3): one JSON POST per alert event, with a "text"
/// member that Slack's incoming webhooks (and Mattermost, Discord's Slack-compatible
/// endpoints, ...) show as the message, plus the structured fields: "event" (fired, cleared,
/// acknowledged, test) and "alert" {id, rule_id, metric, target, threshold, peak, fired_at,
/// cleared_at, acked_at, acked_by, message}.
///
/// send() never blocks and never fails: deliveries go out one at a time from a queue of at
/// most maxPending (the oldest is dropped when it is full); a delivery that meets a
/// connection error, a timeout or a retryable status (429, 502, 503, 504, 529) is retried
/// with exponential backoff and full jitter (RetryPolicy; the endpoint's Retry-After wins),
/// up to maxAttempts, then given up and reported.
/// Threading: the thread it lives on (its network access manager's).
class WebhookSink : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int maxAttempts = 5;
        int baseDelayMs = 1000;
        int maxDelayMs = 60'000;
        int timeoutMs = 10'000;
        int maxPending = 100;
    };

    explicit WebhookSink(QObject *parent = nullptr)
        : WebhookSink(Settings(), parent)
    {}
    WebhookSink(Settings settings, QObject *parent = nullptr);

    /// The endpoint; an empty URL turns the sink off (queued deliveries are dropped).
    void setUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    void send(const AlertEvent &event);
    qsizetype pending() const { return qsizetype(m_queue.size()) + (m_busy ? 1 : 0); }

    static QJsonObject payload(const AlertEvent &event);

signals:
    void delivered(qint64 alertId, int attempts);
    void givenUp(qint64 alertId, const QString &error);

private:
    struct Delivery
    {
        qint64 alertId = 0;
        QByteArray body;
        int attempts = 0;
    };

    void next();
    void attempt(Delivery delivery);

    Settings m_settings;
    RetryPolicy m_retry;
    QNetworkAccessManager m_network;
    QUrl m_url;
    std::deque<Delivery> m_queue;
    bool m_busy = false;
};

} // namespace sluice
