#include "api/DashboardPublisher.h"

#include "control/AlertDesk.h"
#include "control/ConfigVersions.h"
#include "engine/Engine.h"
#include "protocol/WireDashboard.h"

namespace sluice {

DashboardPublisher::DashboardPublisher(Engine &engine, const ConfigVersions &versions,
                                       const AlertDesk &alerts, Settings settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_versions(versions)
    , m_alerts(alerts)
    , m_settings(settings)
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &DashboardPublisher::publish);
    m_refresh.setInterval(m_settings.refreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::poolChanged, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::queueChanged, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::requestGranted, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::requestEnded, this, &DashboardPublisher::markDirty);
    connect(&versions, &ConfigVersions::configChanged, this, &DashboardPublisher::markDirty);
    connect(&alerts, &AlertDesk::alertEvent, this, &DashboardPublisher::markDirty);
    m_sincePublish.start();
}

DashboardSnapshot DashboardPublisher::current() const
{
    DashboardSnapshot snapshot;
    snapshot.seq = m_last.seq;
    snapshot.at = m_engine.now();
    snapshot.configVersion = m_versions.version();
    snapshot.pools = m_engine.pools();
    const QHash<QString, UsageCounters> usage = m_engine.tierUsageToday();
    for (const TierConfig &tier : m_engine.config().tiers) {
        const UsageCounters counters = usage.value(tier.name);
        snapshot.tiers.append({tier.name, counters.requests, counters.costNanoUsd, counters.users,
                               tier.dailyRequests});
    }
    snapshot.activeAlerts = m_alerts.active();
    return snapshot;
}

QJsonObject DashboardPublisher::snapshotMessage() const
{
    return dashboardSnapshotToJson(m_subscribers > 0 ? m_last : current());
}

void DashboardPublisher::addSubscriber()
{
    if (m_subscribers++ == 0) {
        const quint64 seq = m_last.seq;
        m_last = current();
        m_last.seq = seq + 1;
        m_refresh.start();
    }
}

void DashboardPublisher::removeSubscriber()
{
    if (m_subscribers == 0)
        return;
    if (--m_subscribers == 0) {
        m_refresh.stop();
        m_coalesce.stop();
    }
}

void DashboardPublisher::markDirty()
{
    if (m_subscribers == 0 || m_coalesce.isActive())
        return;
    const qint64 wait = m_settings.minIntervalMs - m_sincePublish.elapsed();
    m_coalesce.start(int(std::max<qint64>(0, wait)));
}

void DashboardPublisher::publish()
{
    DashboardSnapshot next = current();
    next.seq = m_last.seq + 1;
    QJsonObject message;
    if (next.configVersion != m_last.configVersion) {
        message = dashboardSnapshotToJson(next);
    } else if (const std::optional<QJsonObject> delta = dashboardDelta(m_last, next)) {
        message = *delta;
    } else {
        return;
    }
    m_last = std::move(next);
    m_sincePublish.restart();
    emit published(message);
}

} // namespace sluice
