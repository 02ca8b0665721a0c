#include "ProxyErrors.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sluice {

int ProxyError::statusFor(Reason reason)
{
    switch (reason) {
    case Reason::UserLimitExceeded:
    case Reason::RateLimited:
    case Reason::QueueFull:
        return 429;
    case Reason::UnknownPool:
    case Reason::UnknownRequest:
        return 404;
    case Reason::InvalidRequest:
        return 400;
    case Reason::Timeout:
    case Reason::LeaseExpired:
        return 504;
    case Reason::PoolDraining:
    case Reason::QueuePurged:
    case Reason::Cancelled:
        return 503;
    default:
        return 500;
    }
}

ProxyError ProxyError::fromDecision(const Decision &decision)
{
    ProxyError error;
    error.status = statusFor(decision.reason);
    error.code = reasonCode(decision.reason);
    error.message = decision.message;
    if (decision.retryAfterMs > 0)
        error.retryAfterMs = decision.retryAfterMs;
    if (decision.reason == Reason::UserLimitExceeded)
        error.resetAt = decision.resetAt;
    return error;
}

ProxyError ProxyError::fromEnding(Reason reason)
{
    ProxyError error;
    error.status = statusFor(reason);
    error.code = reasonCode(reason);
    switch (reason) {
    case Reason::Timeout:
        error.message = u"waited in the queue longer than the pool's queue timeout"_s;
        break;
    case Reason::QueuePurged:
        error.message = u"an operator purged the pool's queue"_s;
        break;
    case Reason::LeaseExpired:
        error.message = u"the request's slot expired (no progress within the lease idle timeout)"_s;
        break;
    default:
        error.message = u"the request ended: %1"_s.arg(error.code);
        break;
    }
    return error;
}

QByteArray ProxyError::body() const
{
    QJsonObject json{{u"error"_s, code}, {u"message"_s, message}};
    if (retryAfterMs >= 0)
        json.insert(u"retryAfter"_s, (retryAfterMs + 999) / 1000);
    if (resetAt > 0)
        json.insert(u"resetTime"_s,
                    QDateTime::fromMSecsSinceEpoch(resetAt, Qt::UTC).toString(Qt::ISODate));
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

HeaderList ProxyError::headers() const
{
    HeaderList headers{{"content-type", "application/json"}};
    if (retryAfterMs >= 0)
        headers.emplaceBack("retry-after", QByteArray::number((retryAfterMs + 999) / 1000));
    return headers;
}

} // namespace sluice
