#pragma once

#include "protocol/ApiTypes.h"

#include "util/Scheduler.h"

#include <QJsonObject>
#include <QObject>

namespace sluice {

class AlertDesk;
class ConfigVersions;
class Engine;

/// The dashboard stream (SPEC section 4), independent of any transport: a new subscriber gets
/// snapshotMessage(), then every published() message in order. Messages are deltas with
/// consecutive sequence numbers (WireDashboard.h), or a whole snapshot after the
/// configuration changed (pools may have been added, removed or reordered). Changes are
/// coalesced: at most one message per minIntervalMs (100 ms: 10 per second); the state is
/// also re-read every refreshMs, as rate windows slide without any event. Nothing is built
/// while nobody subscribes.
///
/// Threading: the engine's thread. Timing is on `timers` (Scheduler): the gateway's, so that
/// tests drive it with their clock; it paces the stream, it decides nothing.
class DashboardPublisher : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int minIntervalMs = 100;
        int refreshMs = 1000;
    };

    /// `timers` must outlive the publisher.
    DashboardPublisher(Engine &engine, const ConfigVersions &versions, const AlertDesk &alerts,
                       Scheduler &timers, Settings settings, QObject *parent = nullptr);
    ~DashboardPublisher() override;

    /// The state now, numbered with the sequence number of the last message.
    DashboardSnapshot current() const;
    /// The state as last published, as a snapshot message: where a new subscriber starts.
    QJsonObject snapshotMessage() const;
    quint64 seq() const { return m_last.seq; }

    void addSubscriber();
    void removeSubscriber();
    int subscribers() const { return m_subscribers; }
    /// An audit entry was recorded: the next message carries a new audit_seq, so that an open
    /// audit log reads again.
    void noteAudited();

signals:
    void published(const QJsonObject &message);

private:
    void markDirty();
    void publish();
    void refresh();

    Engine &m_engine;
    const ConfigVersions &m_versions;
    const AlertDesk &m_alerts;
    Settings m_settings;
    DashboardSnapshot m_last;
    int m_subscribers = 0;
    Scheduler &m_timers;
    Scheduler::Handle m_coalesce = 0; ///< the publish() to come, if any
    Scheduler::Handle m_refresh = 0;  ///< the next re-read while anyone subscribes
    TimeMs m_publishedAt = 0;
    quint64 m_audited = 0; ///< audit entries recorded since the start
};

} // namespace sluice
