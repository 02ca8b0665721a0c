#pragma once

#include "engine/Reason.h"
#include "engine/RequestId.h"
#include "util/Scheduler.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <functional>

namespace sluice {

class Engine;
class EngineRuntime;
class RequestTracker;

/// End users' view of their requests (the seeds' WebSocket protocol), independent of any
/// transport. A subscriber to a request id gets, as JSON messages:
///  - {"type": "status", "requestId", "position", "estimatedWait"} at once and whenever the
///    position changes (coalesced: at most one per coalesceMs per request);
///  - {"type": "processing", "requestId"} when it is granted (at once if it already is);
///  - {"type": "completed", "requestId"} when it is released, or {"type": "failed",
///    "requestId", "error", "message"} when it ends otherwise (TIMEOUT, CANCELLED,
///    QUEUE_PURGED, LEASE_EXPIRED); after either, the subscription ends;
///  - {"type": "error", "error": "UNKNOWN_REQUEST", ...} when the id is unknown.
/// Every message carries "protocol", and "requestId" as its client was given it. Whether the
/// subscriber may follow the request is for the caller to decide (RequestTracker::resolve,
/// tokenMatches) before it subscribes.
/// Threading: the engine's thread. The coalescing waits run on `timers` (Scheduler).
class TicketWatcher : public QObject
{
    Q_OBJECT

public:
    using Sink = std::function<void(const QJsonObject &message)>;

    /// Messages about grants and endings go out once those are durable, like HTTP answers.
    /// `timers` must outlive the watcher.
    TicketWatcher(EngineRuntime &runtime, RequestTracker &tracker, Scheduler &timers,
                  int coalesceMs = 100, QObject *parent = nullptr);
    ~TicketWatcher() override;

    /// Sends the current state to `sink`, then changes until the request ends. Returns the
    /// subscription's id (0 when it ended at once).
    quint64 subscribe(RequestId id, Sink sink);
    void unsubscribe(quint64 subscription);
    qsizetype subscriptions() const { return m_subscriptions.size(); }

private:
    struct Subscription
    {
        RequestId request = 0;
        Sink sink;
        qint64 lastPosition = -1;
    };

    QJsonObject message(const QString &type, RequestId id) const;
    QJsonObject endedMessage(RequestId id, Reason reason) const;
    void onQueueChanged(int pool);
    void onGranted(RequestId id);
    void onEnded(RequestId id, int pool, Reason reason);
    void flushPositions();
    void sendStatus(Subscription &subscription, bool force);
    void finish(RequestId id, const QJsonObject &message);

    Engine &m_engine;
    RequestTracker &m_tracker;
    EngineRuntime &m_runtime;
    QHash<quint64, Subscription> m_subscriptions;
    QMultiHash<RequestId, quint64> m_byRequest;
    QSet<int> m_dirtyPools;
    Scheduler &m_timers;
    int m_coalesceMs;
    Scheduler::Handle m_coalesce = 0; ///< the flushPositions() to come, if any
    quint64 m_nextId = 1;
};

} // namespace sluice
