#include "api/WebhookSink.h"

#include "protocol/WireRecords.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QString eventName(AlertEvent::Kind kind)
{
    switch (kind) {
    case AlertEvent::Kind::Fired:
        return u"fired"_s;
    case AlertEvent::Kind::Cleared:
        return u"cleared"_s;
    case AlertEvent::Kind::Acknowledged:
        return u"acknowledged"_s;
    case AlertEvent::Kind::Test:
        break;
    }
    return u"test"_s;
}

QString text(const AlertEvent &event)
{
    const AlertRecord &alert = event.record;
    switch (event.kind) {
    case AlertEvent::Kind::Fired:
        return u"[Sluice] FIRING: %1"_s.arg(alert.message);
    case AlertEvent::Kind::Cleared:
        return u"[Sluice] cleared: %1"_s.arg(alert.message);
    case AlertEvent::Kind::Acknowledged:
        return u"[Sluice] acknowledged by %1: %2"_s.arg(alert.ackedBy, alert.message);
    case AlertEvent::Kind::Test:
        break;
    }
    return u"[Sluice] test alert: %1"_s.arg(alert.message);
}
} // namespace

WebhookSink::WebhookSink(Settings settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_retry(
          RetrySettings{settings.maxAttempts - 1, settings.baseDelayMs, settings.maxDelayMs, 2.0})
{
    m_network.setTransferTimeout(settings.timeoutMs);
}

QJsonObject WebhookSink::payload(const AlertEvent &event)
{
    return QJsonObject{
        {u"text"_s, text(event)},
        {u"event"_s, eventName(event.kind)},
        {u"alert"_s, alertRecordToJson(event.record)},
    };
}

void WebhookSink::setUrl(const QUrl &url)
{
    m_url = url;
    if (url.isEmpty())
        m_queue.clear();
}

void WebhookSink::send(const AlertEvent &event)
{
    if (m_url.isEmpty())
        return;
    if (qsizetype(m_queue.size()) >= m_settings.maxPending) {
        emit givenUp(m_queue.front().alertId,
                     u"dropped: more than %1 alerts waiting"_s.arg(m_settings.maxPending));
        m_queue.pop_front();
    }
    m_queue.push_back(
        {event.record.id, QJsonDocument(payload(event)).toJson(QJsonDocument::Compact), 0});
    if (!m_busy)
        next();
}

void WebhookSink::next()
{
    if (m_queue.empty() || m_url.isEmpty()) {
        m_busy = false;
        return;
    }
    m_busy = true;
    Delivery delivery = std::move(m_queue.front());
    m_queue.pop_front();
    attempt(std::move(delivery));
}

void WebhookSink::attempt(Delivery delivery)
{
    ++delivery.attempts;
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("sluice-alerts"));
    QNetworkReply *reply = m_network.post(request, delivery.body);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, delivery = std::move(delivery)]() mutable {
            reply->deleteLater();
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (reply->error() == QNetworkReply::NoError && status.toInt() >= 200 &&
                status.toInt() < 300) {
                emit delivered(delivery.alertId, delivery.attempts);
                next();
                return;
            }
            const UpstreamResult result =
                status.isValid()
                    ? UpstreamResult::fromStatus(status.toInt(), reply->rawHeader("retry-after"),
                                                 reply->rawHeader("retry-after-ms"))
                    : UpstreamResult::fromConnectionError();
            const std::optional<qint64> delay = m_retry.delayBeforeRetryMs(
                delivery.attempts - 1, result, QDateTime::currentMSecsSinceEpoch());
            if (!delay) {
                emit givenUp(delivery.alertId, status.isValid() ? u"HTTP %1"_s.arg(status.toInt())
                                                                : reply->errorString());
                next();
                return;
            }
            QTimer::singleShot(*delay, this, [this, delivery = std::move(delivery)]() mutable {
                if (m_url.isEmpty())
                    next();
                else
                    attempt(std::move(delivery));
            });
        });
}

} // namespace sluice
