#include "TicketStatusSession.h"

#include "api/TicketWatcher.h"

#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

TicketStatusSession::TicketStatusSession(std::unique_ptr<QWebSocket> socket, TicketWatcher &watcher,
                                         const Settings &settings, QObject *parent)
    : WebSocketSession(std::move(socket), settings, parent)
    , m_watcher(watcher)
{}

TicketStatusSession::~TicketStatusSession()
{
    for (const quint64 subscription : std::as_const(m_subscriptions))
        m_watcher.unsubscribe(subscription);
}

void TicketStatusSession::handle(const QJsonObject &message)
{
    const QString type = message.value("type"_L1).toString();
    if (type != u"subscribe" && type != u"unsubscribe") {
        sendError(
            u"INVALID_MESSAGE"_s,
            u"Unknown message type \"%1\" (subscribe, unsubscribe or ping)"_s.arg(type.left(40)));
        return;
    }
    const QJsonValue value = message.value("requestId"_L1);
    const std::optional<RequestId> id = parseRequestId(value.toString());
    if (!id) {
        sendError(u"INVALID_MESSAGE"_s, u"requestId must be a request id (1 to 16 hex digits)"_s);
        return;
    }
    if (type == u"unsubscribe") {
        m_watcher.unsubscribe(m_subscriptions.take(*id));
        return;
    }
    if (m_subscriptions.contains(*id))
        return;
    if (m_subscriptions.size() >= settings().maxSubscriptions) {
        sendError(u"TOO_MANY_SUBSCRIPTIONS"_s,
                  u"At most %1 subscriptions per connection"_s.arg(settings().maxSubscriptions));
        return;
    }
    const quint64 subscription = m_watcher.subscribe(
        *id, [this, self = QPointer(this), id = *id](const QJsonObject &update) {
            if (!self)
                return;
            const QString kind = update.value("type"_L1).toString();
            if (kind == u"completed" || kind == u"failed")
                m_subscriptions.remove(id);
            send(update);
        });
    if (subscription != 0)
        m_subscriptions.insert(*id, subscription);
}

} // namespace sluice
