#include "api/DashboardPublisher.h"

#include "control/AlertDesk.h"
#include "control/ConfigVersions.h"
#include "engine/Engine.h"
#include "protocol/WireDashboard.h"

namespace sluice {

DashboardPublisher::DashboardPublisher(Engine &engine, const ConfigVersions &versions,
                                       const AlertDesk &alerts, Scheduler &timers,
                                       Settings settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_versions(versions)
    , m_alerts(alerts)
    , m_settings(settings)
    , m_timers(timers)
    , m_publishedAt(timers.clock().now())
{
    connect(&engine, &Engine::poolChanged, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::queueChanged, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::requestGranted, this, &DashboardPublisher::markDirty);
    connect(&engine, &Engine::requestEnded, this, &DashboardPublisher::markDirty);
    connect(&versions, &ConfigVersions::configChanged, this, &DashboardPublisher::markDirty);
    connect(&alerts, &AlertDesk::alertEvent, this, &DashboardPublisher::markDirty);
}

DashboardPublisher::~DashboardPublisher()
{
    m_timers.cancel(m_coalesce);
    m_timers.cancel(m_refresh);
}

DashboardSnapshot DashboardPublisher::current() const
{
    DashboardSnapshot snapshot;
    snapshot.seq = m_last.seq;
    snapshot.at = m_engine.now();
    snapshot.configVersion = m_versions.version();
    snapshot.auditSeq = m_audited;
    snapshot.pools = m_engine.pools();
    const QHash<QString, UsageCounters> usage = m_engine.tierUsageToday();
    for (const TierConfig &tier : m_engine.config().tiers) {
        const UsageCounters counters = usage.value(tier.name);
        snapshot.tiers.append({tier.name, counters.requests, counters.costNanoUsd, counters.users,
                               tier.dailyRequests, counters.credits});
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
        m_refresh = m_timers.schedule(m_settings.refreshMs, [this] { refresh(); });
    }
}

void DashboardPublisher::removeSubscriber()
{
    if (m_subscribers == 0)
        return;
    if (--m_subscribers == 0) {
        m_timers.cancel(std::exchange(m_refresh, 0));
        m_timers.cancel(std::exchange(m_coalesce, 0));
    }
}

void DashboardPublisher::noteAudited()
{
    ++m_audited;
    markDirty();
}

void DashboardPublisher::refresh()
{
    m_refresh = m_timers.schedule(m_settings.refreshMs, [this] { refresh(); });
    markDirty();
}

void DashboardPublisher::markDirty()
{
    if (m_subscribers == 0 || m_coalesce != 0)
        return;
    const qint64 wait = m_settings.minIntervalMs - (m_timers.clock().now() - m_publishedAt);
    m_coalesce = m_timers.schedule(std::max<qint64>(0, wait), [this] { publish(); });
}

void DashboardPublisher::publish()
{
    m_coalesce = 0;
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
    m_publishedAt = m_timers.clock().now();
    emit published(message);
}

} // namespace sluice
