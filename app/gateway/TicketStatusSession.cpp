#include "TicketStatusSession.h"

#include "api/RequestTracker.h"
#include "api/TicketWatcher.h"
#include "protocol/ApiProtocol.h"
#include "runtime/AdmissionService.h"

#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

TicketStatusSession::TicketStatusSession(std::unique_ptr<QWebSocket> socket, TicketWatcher &watcher,
                                         const RequestTracker &tracker,
                                         AdmissionService &admission, Caller caller,
                                         const Settings &settings, Scheduler &timers,
                                         QObject *parent)
    : WebSocketSession(std::move(socket), settings, timers, parent)
    , m_watcher(watcher)
    , m_tracker(tracker)
    , m_admission(admission)
    , m_caller(std::move(caller))
{}

TicketStatusSession::~TicketStatusSession()
{
    for (const quint64 subscription : std::as_const(m_subscriptions))
        m_watcher.unsubscribe(subscription);
}

std::optional<RequestId> TicketStatusSession::proven(const PublicRequestId &named,
                                                     const QString &token) const
{
    if (token.isEmpty())
        return m_tracker.resolve(named, m_caller.keyId, m_caller.role >= Role::Support);
    const std::optional<RequestId> found = m_tracker.resolve(named, {}, true);
    return found && m_tracker.tokenMatches(*found, token) ? found : std::nullopt;
}

void TicketStatusSession::authorise(const QString &named, const QJsonObject &message,
                                    std::function<void(RequestId id)> then)
{
    const std::optional<PublicRequestId> id = parsePublicRequestId(named);
    if (!id) {
        sendError(u"INVALID_MESSAGE"_s,
                  u"requestId must be a request id as acquire returned it (got \"%1\")"_s.arg(
                      named.left(60)));
        return;
    }
    const QString token = message.value("token"_L1).toString();
    if (token.isEmpty() && m_caller.role == Role::None) {
        sendError(u"SUBSCRIBE_TOKEN_REQUIRED"_s,
                  u"Subscribing needs the ticket's subscribeToken (returned by acquire) as "
                  "\"token\", or an API key on the WebSocket upgrade"_s);
        return;
    }
    if (const std::optional<RequestId> found = proven(*id, token))
        return then(*found);
    // Not here: a ticket another replica admitted, resumed here (shared mode), for its
    // client (its token, or a client key: staff follow this replica's requests only).
    if (token.isEmpty() && m_caller.role != Role::Client)
        return sendUnknown(named);
    const ResumeProof proof = token.isEmpty() ? ResumeProof{m_caller.keyId, m_caller.keyName, {}}
                                              : ResumeProof{{}, {}, token};
    m_admission.resume(*id, proof,
                       [this, self = QPointer(this), publicId = *id, token, named,
                        then = std::move(then)](const Result<RequestId> &resumed) {
                           if (!self)
                               return;
                           // Resumed: from now on it is reached as a request of this replica.
                           if (const std::optional<RequestId> found =
                                   resumed ? proven(publicId, token) : std::nullopt)
                               return then(*found);
                           if (!resumed &&
                               resumed.error().code == reasonCode(Reason::RedisUnavailable))
                               return sendError(resumed.error().code, resumed.error().message);
                           sendUnknown(named);
                       });
}

void TicketStatusSession::sendUnknown(const QString &named)
{
    send(QJsonObject{{u"type"_s, u"error"_s},
                     {u"protocol"_s, kProtocolVersion},
                     {u"requestId"_s, named},
                     {u"error"_s, reasonCode(Reason::UnknownRequest)},
                     {u"message"_s, u"No request %1 (it may have ended long ago)"_s.arg(named)}});
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
    authorise(value.toString(), message, [this](RequestId id) { subscribe(id); });
}

void TicketStatusSession::subscribe(RequestId id)
{
    if (m_subscriptions.contains(id))
        return;
    if (m_subscriptions.size() >= settings().maxSubscriptions) // filled while it was resumed
        return sendError(u"TOO_MANY_SUBSCRIPTIONS"_s,
                         u"At most %1 subscriptions per connection"_s.arg(
                             settings().maxSubscriptions));
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
