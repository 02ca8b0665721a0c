#pragma once

#include "alerts/AlertEvent.h"
#include "alerts/AlertMonitor.h"
#include "alerts/UtilisationSample.h"
#include "store/StoreBatch.h"
#include "store/StoreRecords.h"

#include <QObject>

#include <functional>
#include <optional>

namespace sluice {

class AuditTrail;
class Engine;

/// Turns the engine's utilisation into alerts: owns the AlertMonitor (the rules, the pending
/// and firing alerts), samples the engine when asked (sample(), once a second from the
/// EngineTimer, and at a pending alert's deadline), and lets people acknowledge alerts and
/// send a test alert (both audited). Every alert record that changes goes to the batch sink
/// (the store writer's journal) and out through alertEvent(), to the access log, the webhook
/// and the dashboard stream.
///
/// Per-user quota samples cost O(users at or above the lowest level a user rule clears
/// below): the engine is told to watch only those (Engine::watchUsersAbove).
/// Threading: the engine's thread, like the Engine.
class AlertDesk : public QObject
{
    Q_OBJECT

public:
    using BatchSink = std::function<void(StoreBatch batch)>;

    /// `monitor` holds the rules in force and the alerts restored after a restart.
    AlertDesk(Engine &engine, AuditTrail &audit, AlertMonitor monitor, BatchSink sink,
              QObject *parent = nullptr);

    /// Firing alerts, oldest first.
    QList<AlertRecord> active() const { return m_monitor.active(); }
    /// Acknowledges a firing alert nobody has acknowledged yet (audited); nullopt otherwise.
    std::optional<AlertRecord> acknowledge(qint64 id, const QString &actor);
    /// A synthetic alert to check the sinks (audited).
    AlertRecord sendTest(const QString &actor);
    /// Evaluates every alert rule against the engine's utilisation now.
    void sample();
    /// When a pending alert would fire, if any (ms since the epoch).
    std::optional<TimeMs> nextDeadline() const { return m_monitor.nextDeadline(); }
    /// Replaces the rules (a new configuration version); alerts of removed rules clear.
    void setRules(const QList<AlertRule> &rules);

signals:
    void alertEvent(const sluice::AlertEvent &event);

private:
    void publish(const QList<AlertEvent> &events);
    QList<UtilisationSample> utilisation() const;
    void watchUsersNearTheirQuota();

    Engine &m_engine;
    AuditTrail &m_audit;
    AlertMonitor m_monitor;
    BatchSink m_sink;
};

} // namespace sluice
