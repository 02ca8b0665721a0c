#pragma once

#include "protocol/ApiTypes.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

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
/// Threading: the engine's thread. Timing is wall-clock (QTimer), not the engine's clock:
/// it paces the stream, it decides nothing.
class DashboardPublisher : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int minIntervalMs = 100;
        int refreshMs = 1000;
    };

    DashboardPublisher(Engine &engine, const ConfigVersions &versions, const AlertDesk &alerts,
                       QObject *parent = nullptr)
        : DashboardPublisher(engine, versions, alerts, Settings(), parent)
    {}
    DashboardPublisher(Engine &engine, const ConfigVersions &versions, const AlertDesk &alerts,
                       Settings settings, QObject *parent = nullptr);

    /// The state now, numbered with the sequence number of the last message.
    DashboardSnapshot current() const;
    /// The state as last published, as a snapshot message: where a new subscriber starts.
    QJsonObject snapshotMessage() const;
    quint64 seq() const { return m_last.seq; }

    void addSubscriber();
    void removeSubscriber();
    int subscribers() const { return m_subscribers; }

signals:
    void published(const QJsonObject &message);

private:
    void markDirty();
    void publish();

    Engine &m_engine;
    const ConfigVersions &m_versions;
    const AlertDesk &m_alerts;
    Settings m_settings;
    DashboardSnapshot m_last;
    int m_subscribers = 0;
    QTimer m_coalesce;
    QTimer m_refresh;
    QElapsedTimer m_sincePublish;
};

} // namespace sluice
