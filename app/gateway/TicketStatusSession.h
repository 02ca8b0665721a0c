#pragma once

#include "WebSocketSession.h"

#include "protocol/ApiRequest.h"

#include <QHash>

namespace sluice {

class AdmissionService;
class RequestTracker;
class TicketWatcher;

/// The end users' WebSocket (GET /v1/ws, the seeds' protocol): {"type": "subscribe",
/// "requestId": ID, "token": T} starts status messages for a request (TicketWatcher.h),
/// {"type": "unsubscribe", "requestId": ID} stops them. A subscription proves the right to
/// the request (SPEC section 4, "Ownership") in one of two ways:
///  - "token": the ticket's subscribeToken, returned by acquire with the id (what a browser
///    sends: it cannot put a key on the upgrade); or
///  - the API key sent on the upgrade: its own requests (any, for support and up).
/// A wrong proof is answered exactly as an unknown id (UNKNOWN_REQUEST); no proof at all
/// gets SUBSCRIBE_TOKEN_REQUIRED. At most settings().maxSubscriptions at once
/// (TOO_MANY_SUBSCRIPTIONS beyond). In shared mode a client's ticket admitted by another
/// replica is resumed here first (AdmissionService::resume), with either proof.
/// Threading: the server's thread (the engine's).
class TicketStatusSession : public WebSocketSession
{
    Q_OBJECT

public:
    /// Who connected: the role and key id of the key on the upgrade (None: no key).
    struct Caller
    {
        Role role = Role::None;
        QString keyId;
        QString keyName;
    };

    TicketStatusSession(std::unique_ptr<QWebSocket> socket, TicketWatcher &watcher,
                        const RequestTracker &tracker, AdmissionService &admission,
                        Caller caller, const Settings &settings, Scheduler &timers,
                        QObject *parent = nullptr);
    ~TicketStatusSession() override;

protected:
    void handle(const QJsonObject &message) override;

private:
    /// Calls `then` with the request the message names when its proof holds (at once, or
    /// once resumed from another replica); answers the error otherwise.
    void authorise(const QString &named, const QJsonObject &message,
                   std::function<void(RequestId id)> then);
    /// The request `named` names here when the token (or the key on the upgrade) proves the
    /// right to it.
    std::optional<RequestId> proven(const PublicRequestId &named, const QString &token) const;
    void sendUnknown(const QString &named);
    void subscribe(RequestId id);

    TicketWatcher &m_watcher;
    const RequestTracker &m_tracker;
    AdmissionService &m_admission;
    Caller m_caller;
    QHash<quint64, quint64> m_subscriptions; ///< request id -> subscription
};

} // namespace sluice
