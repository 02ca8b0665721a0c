#include "TicketStatusSession.h"

#include "api/RequestTracker.h"
#include "api/TicketWatcher.h"
#include "protocol/ApiProtocol.h"

#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

TicketStatusSession::TicketStatusSession(std::unique_ptr<QWebSocket> socket, TicketWatcher &watcher,
                                         const RequestTracker &tracker, Caller caller,
                                         const Settings &settings, Scheduler &timers,
                                         QObject *parent)
    : WebSocketSession(std::move(socket), settings, timers, parent)
    , m_watcher(watcher)
    , m_tracker(tracker)
    , m_caller(std::move(caller))
{}

TicketStatusSession::~TicketStatusSession()
{
    for (const quint64 subscription : std::as_const(m_subscriptions))
        m_watcher.unsubscribe(subscription);
}

RequestId TicketStatusSession::authorised(const QString &named, const QJsonObject &message)
{
    const std::optional<PublicRequestId> id = parsePublicRequestId(named);
    if (!id) {
        sendError(u"INVALID_MESSAGE"_s,
                  u"requestId must be a request id as acquire returned it (got \"%1\")"_s.arg(
                      named.left(60)));
        return 0;
    }
    const QString token = message.value("token"_L1).toString();
    std::optional<RequestId> found;
    if (!token.isEmpty()) {
        found = m_tracker.resolve(*id, {}, true);
        if (found && !m_tracker.tokenMatches(*found, token))
            found.reset();
    } else if (m_caller.role != Role::None) {
        found = m_tracker.resolve(*id, m_caller.keyId, m_caller.role >= Role::Support);
    } else {
        sendError(u"SUBSCRIBE_TOKEN_REQUIRED"_s,
                  u"Subscribing needs the ticket's subscribeToken (returned by acquire) as "
                  "\"token\", or an API key on the WebSocket upgrade"_s);
        return 0;
    }
    if (!found) {
        send(QJsonObject{
            {u"type"_s, u"error"_s},
            {u"protocol"_s, kProtocolVersion},
            {u"requestId"_s, named},
            {u"error"_s, reasonCode(Reason::UnknownRequest)},
            {u"message"_s, u"No request %1 (it may have ended long ago)"_s.arg(named)}});
        return 0;
    }
    return *found;
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
    if (!value.isString()) {
        sendError(u"INVALID_MESSAGE"_s, u"requestId must be a string: the id acquire returned"_s);
        return;
    }
    if (type == u"unsubscribe") {
        if (const std::optional<PublicRequestId> id = parsePublicRequestId(value.toString()))
            m_watcher.unsubscribe(m_subscriptions.take(id->id));
        return;
    }
    if (m_subscriptions.size() >= settings().maxSubscriptions) {
        sendError(u"TOO_MANY_SUBSCRIPTIONS"_s,
                  u"At most %1 subscriptions per connection: unsubscribe from a request (or let "
                  "it end) before following another"_s.arg(settings().maxSubscriptions));
        return;
    }
    const RequestId id = authorised(value.toString(), message);
    if (id == 0 || m_subscriptions.contains(id))
        return;
    const quint64 subscription =
        m_watcher.subscribe(id, [this, self = QPointer(this), id](const QJsonObject &update) {
            if (!self)
                return;
            const QString kind = update.value("type"_L1).toString();
            if (kind == u"completed" || kind == u"failed")
                m_subscriptions.remove(id);
            send(update);
        });
    if (subscription != 0)
        m_subscriptions.insert(id, subscription);
}

} // namespace sluice
