#include "api/TicketWatcher.h"

#include "runtime/EngineRuntime.h"

#include <QPointer>

#include "api/RequestTracker.h"
#include "engine/Engine.h"
#include "protocol/ApiProtocol.h"
#include "protocol/WireEngine.h"

namespace sluice {

using namespace Qt::StringLiterals;

QJsonObject TicketWatcher::message(const QString &type, RequestId id) const
{
    return QJsonObject{{u"type"_s, type},
                       {u"protocol"_s, kProtocolVersion},
                       {u"requestId"_s, m_tracker.publicId(id)}};
}

QJsonObject TicketWatcher::endedMessage(RequestId id, Reason reason) const
{
    if (reason == Reason::Released)
        return message(u"completed"_s, id);
    QJsonObject failed = message(u"failed"_s, id);
    failed.insert(u"error"_s, reasonCode(reason));
    failed.insert(u"message"_s, endMessage(reason));
    return failed;
}

TicketWatcher::TicketWatcher(EngineRuntime &runtime, RequestTracker &tracker, Scheduler &timers,
                             int coalesceMs, QObject *parent)
    : QObject(parent)
    , m_engine(runtime.engine())
    , m_tracker(tracker)
    , m_runtime(runtime)
    , m_timers(timers)
    , m_coalesceMs(coalesceMs)
{
    const Engine &engine = m_engine;
    connect(&engine, &Engine::queueChanged, this, &TicketWatcher::onQueueChanged);
    // Grants and endings are told once durable, in the order they happened.
    connect(&engine, &Engine::requestGranted, this, [this](RequestId id) {
        if (!m_byRequest.contains(id))
            return;
        QPointer<TicketWatcher> self(this);
        m_runtime.whenDurable([self, id] {
            if (self)
                self->onGranted(id);
        });
    });
    connect(&engine, &Engine::requestEnded, this, [this](RequestId id, int pool, Reason reason) {
        if (!m_byRequest.contains(id))
            return;
        QPointer<TicketWatcher> self(this);
        m_runtime.whenDurable([self, id, pool, reason] {
            if (self)
                self->onEnded(id, pool, reason);
        });
    });
}

TicketWatcher::~TicketWatcher()
{
    m_timers.cancel(m_coalesce);
}

quint64 TicketWatcher::subscribe(RequestId id, Sink sink)
{
    const std::optional<RequestInfo> info = m_engine.request(id);
    if (!info) {
        if (const std::optional<Reason> outcome = m_tracker.outcome(id)) {
            sink(endedMessage(id, *outcome));
        } else {
            QJsonObject unknown = message(u"error"_s, id);
            unknown.insert(u"error"_s, reasonCode(Reason::UnknownRequest));
            unknown.insert(u"message"_s, u"No request %1 (it may have ended long ago)"_s.arg(
                                             m_tracker.publicId(id)));
            sink(unknown);
        }
        return 0;
    }
    const quint64 subscription = m_nextId++;
    Subscription &entry = m_subscriptions[subscription];
    entry.request = id;
    entry.sink = std::move(sink);
    m_byRequest.insert(id, subscription);
    if (info->active)
        entry.sink(message(u"processing"_s, id));
    else
        sendStatus(entry, true);
    return subscription;
}

void TicketWatcher::unsubscribe(quint64 subscription)
{
    const auto it = m_subscriptions.constFind(subscription);
    if (it == m_subscriptions.constEnd())
        return;
    m_byRequest.remove(it->request, subscription);
    m_subscriptions.erase(it);
}

void TicketWatcher::onQueueChanged(int pool)
{
    if (m_subscriptions.isEmpty())
        return;
    m_dirtyPools.insert(pool);
    if (m_coalesce == 0)
        m_coalesce = m_timers.schedule(m_coalesceMs, [this] { flushPositions(); });
}

void TicketWatcher::flushPositions()
{
    m_coalesce = 0;
    const QSet<int> pools = std::exchange(m_dirtyPools, {});
    const QStringList names = [&] {
        QStringList result;
        for (const int pool : pools)
            result.append(m_engine.poolName(pool));
        return result;
    }();
    for (Subscription &subscription : m_subscriptions) {
        const std::optional<RequestInfo> info = m_engine.request(subscription.request);
        if (info && !info->active && names.contains(info->pool))
            sendStatus(subscription, false);
    }
}

void TicketWatcher::sendStatus(Subscription &subscription, bool force)
{
    const std::optional<RequestInfo> info = m_engine.request(subscription.request);
    if (!info || info->active || (!force && info->position == subscription.lastPosition))
        return;
    subscription.lastPosition = info->position;
    QJsonObject status = message(u"status"_s, subscription.request);
    status.insert(u"position"_s, info->position);
    insertEstimate(status, info->estimatedWaitMs);
    subscription.sink(status);
}

void TicketWatcher::onGranted(RequestId id)
{
    const QList<quint64> subscriptions = m_byRequest.values(id);
    for (const quint64 subscription : subscriptions) {
        const auto it = m_subscriptions.find(subscription);
        if (it != m_subscriptions.end())
            it->sink(message(u"processing"_s, id));
    }
}

void TicketWatcher::onEnded(RequestId id, int, Reason reason)
{
    if (m_byRequest.contains(id))
        finish(id, endedMessage(id, reason));
}

void TicketWatcher::finish(RequestId id, const QJsonObject &last)
{
    const QList<quint64> subscriptions = m_byRequest.values(id);
    m_byRequest.remove(id);
    for (const quint64 subscription : subscriptions) {
        const Subscription entry = m_subscriptions.take(subscription);
        if (entry.sink)
            entry.sink(last);
    }
}

} // namespace sluice
