#pragma once

#include "api/ApiContext.h"
#include "api/ApiKeys.h"
#include "api/ApiRouter.h"
#include "api/AuthThrottle.h"
#include "api/DashboardPublisher.h"
#include "api/HeldRefusals.h"
#include "api/RequestTracker.h"
#include "api/TicketWatcher.h"
#include "util/Scheduler.h"
#include "util/SystemClock.h"

#include <QObject>
#include <QTimer>

namespace sluice {

class AccessLog;

/// The gateway's API as one object, whatever carries the requests: it authenticates the key a
/// request presents (holding the answer to a bad key back, longer for each failure from the
/// same address, and refusing further keys from that address at once with 429 while it
/// waits: AuthThrottle), routes the request through the route table (ApiRoutes.h) and logs
/// one line when it is answered. The HTTP server, the WebSocket endpoints and the dashboard's
/// embedded backend all go through here, so every local run exercises the same protocol.
///
/// Threading: the engine's thread; requests are handled on it.
class ApiService : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        AccessLog *log = nullptr;
        AuthThrottle::Settings throttle;
        DashboardPublisher::Settings dashboard;
        int ticketCoalesceMs = 100; ///< least time between two status messages of a ticket
        /// Times the bad-key delays and locks; null: the system clock, so that they are real
        /// waits also when the engine runs on a test clock. Tests of the throttle pass theirs.
        const Clock *throttleClock = nullptr;
        /// Paces the dashboard stream and tickets' status messages (the gateway's, so that
        /// tests drive it); null: a Scheduler of its own on the system clock, with a timer.
        Scheduler *timers = nullptr;
    };

    explicit ApiService(EngineRuntime &runtime, QObject *parent = nullptr)
        : ApiService(runtime, Options(), parent)
    {}
    ApiService(EngineRuntime &runtime, Options options, QObject *parent = nullptr);
    ~ApiService() override;

    /// A transport calls this once a request's head is in, before it reads the body (the head
    /// has no body yet). Authenticates it (fills role, actor, keyId) and returns true when the
    /// body may be read and the whole request handed to handle(). Returns false when the
    /// request is refused: a bad key is answered 401 on `reply` once its delay is over (only
    /// its method, path and peer are kept meanwhile); any key from an address that is being
    /// slowed down is answered 429 AUTH_THROTTLED with Retry-After at once, unchecked. The
    /// transport then reads no body and closes the connection once the answer is out.
    bool admitHead(ApiRequest &head, ApiReply &reply);
    /// A request from the network: authenticated from its headers (unless admitHead() did),
    /// then routed; refused as admitHead() says (a held refusal keeps no body). The reply
    /// must stay alive until it is finished or its client is gone.
    void handle(ApiRequest request, ApiReply &reply);
    /// A request from this process (the embedded dashboard): no key, the given role.
    void handleLocal(ApiRequest request, ApiReply &reply, Role role = Role::Admin,
                     const QString &actor = QStringLiteral("local"));

    /// What authenticate() found.
    struct KeyCheck
    {
        enum class Verdict : quint8
        {
            Accepted, ///< no key, or a valid one
            Refused,  ///< a bad key: answer 401 after delayMs
            Locked,   ///< the address is being slowed down: refuse now (429), key unchecked
        };
        Verdict verdict = Verdict::Accepted;
        qint64 delayMs = 0; ///< Refused: how long to hold the answer; Locked: Retry-After
    };
    /// Fills request.role, actor, keyId and badKey from the presented key (marks it
    /// authenticated) and counts a bad key against its address.
    KeyCheck authenticate(ApiRequest &request);
    /// The answer to a key from a locked address: 429 AUTH_THROTTLED with Retry-After.
    static ApiResponse throttledResponse(qint64 retryAfterMs);

    /// Answers the held refusals that are due by the clock (a timer does it on its own).
    void refuseDue() { m_held.answerDue(); }
    /// Refusals of bad keys waiting for their delay, and the bytes they hold.
    qsizetype heldRefusals() const { return m_held.size(); }
    qsizetype heldRefusalBytes() const { return m_held.bytes(); }

    /// Graceful shutdown: /readyz fails and acquire refuses new requests.
    void setShuttingDown(bool shuttingDown) { m_context.shuttingDown = shuttingDown; }

    EngineRuntime &runtime() { return m_runtime; }
    ApiRouter &router() { return m_router; }
    ApiKeys &keys() { return m_keys; }
    AuthThrottle &throttle() { return m_throttle; }
    RequestTracker &tracker() { return m_tracker; }
    DashboardPublisher &dashboard() { return m_dashboard; }
    TicketWatcher &tickets() { return m_tickets; }
    ApiContext &context() { return m_context; }

private:
    void reloadKeys();
    void dispatch(ApiRequest &request, ApiReply &reply);
    /// Refuses a request whose key was not accepted; true when `check` accepted it.
    bool refuse(const KeyCheck &check, const ApiRequest &request, ApiReply &reply);

    EngineRuntime &m_runtime;
    AccessLog *m_log;
    ApiKeys m_keys;
    SystemClock m_systemClock;
    std::unique_ptr<Scheduler> m_ownTimers; ///< when Options::timers is null
    Scheduler &m_timers;
    const Clock &m_throttleClock;
    AuthThrottle m_throttle;
    HeldRefusals m_held;
    RequestTracker m_tracker;
    DashboardPublisher m_dashboard;
    TicketWatcher m_tickets;
    ApiContext m_context;
    ApiRouter m_router;
    QTimer m_keyReload; ///< picks up keys changed by another process (ApiKeys::kReloadMs)
};

} // namespace sluice
