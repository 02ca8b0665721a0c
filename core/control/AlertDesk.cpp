#include "control/AlertDesk.h"

#include "control/AuditTrail.h"
#include "engine/Engine.h"
#include "util/Logging.h"

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

AlertDesk::AlertDesk(Engine &engine, AuditTrail &audit, AlertMonitor monitor, BatchSink sink,
                     QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_audit(audit)
    , m_monitor(std::move(monitor))
    , m_sink(std::move(sink))
{
    watchUsersNearTheirQuota();
}

void AlertDesk::watchUsersNearTheirQuota()
{
    // The user-quota samples need only users at or above the lowest level a user rule clears
    // below: anyone lower neither fires nor keeps an alert firing.
    double lowest = -1;
    for (const AlertRule &rule : m_monitor.rules()) {
        if (!rule.enabled || rule.metric != AlertMetric::UserDailyQuota)
            continue;
        const double clears = std::min(rule.clearBelow, rule.threshold);
        lowest = lowest < 0 ? clears : std::min(lowest, clears);
    }
    m_engine.watchUsersAbove(lowest);
}

void AlertDesk::setRules(const QList<AlertRule> &rules)
{
    publish(m_monitor.setRules(rules, m_engine.now()));
    watchUsersNearTheirQuota();
}

std::optional<AlertRecord> AlertDesk::acknowledge(qint64 id, const QString &actor)
{
    const std::optional<AlertEvent> event = m_monitor.acknowledge(id, actor, m_engine.now());
    if (!event)
        return std::nullopt;
    m_audit.record(actor, u"alert.acknowledge"_s, QString::number(id), event->record.message);
    publish({*event});
    return event->record;
}

AlertRecord AlertDesk::sendTest(const QString &actor)
{
    const AlertEvent event = m_monitor.testAlert(actor, m_engine.now());
    m_audit.record(actor, u"alert.test"_s, QString::number(event.record.id), event.record.message);
    publish({event});
    return event.record;
}

void AlertDesk::sample()
{
    publish(m_monitor.evaluate(m_engine.now(), utilisation()));
}

QList<UtilisationSample> AlertDesk::utilisation() const
{
    QList<UtilisationSample> samples;
    for (const PoolStatus &pool : m_engine.pools()) {
        samples.append({AlertMetric::PoolConcurrency, pool.name, pool.inUse, pool.maxConcurrent});
        samples.append({AlertMetric::PoolRequestsPerMinute, pool.name, pool.windowRequests,
                        std::max<qint64>(pool.requestsPerMinute, 0)});
        samples.append({AlertMetric::PoolTokensPerMinute, pool.name, pool.windowTokens,
                        std::max<qint64>(pool.tokensPerMinute, 0)});
        samples.append({AlertMetric::PoolQueue, pool.name, pool.waiting, pool.maxQueueLength});
    }
    const QHash<QString, UsageCounters> tiers = m_engine.tierUsageToday();
    for (const TierConfig &tier : m_engine.config().tiers) {
        const UsageCounters usage = tiers.value(tier.name);
        samples.append({AlertMetric::TierDailyQuota, tier.name, usage.requests,
                        tier.dailyRequests * std::max<qint64>(usage.users, 1)});
    }
    const bool watchUsers = std::any_of(
        m_monitor.rules().cbegin(), m_monitor.rules().cend(), [](const AlertRule &rule) {
            return rule.enabled && rule.metric == AlertMetric::UserDailyQuota;
        });
    if (watchUsers) {
        m_engine.forEachUserToday([&samples](const QString &id, const UserRecord &user,
                                             qint64 limit) {
            samples.append({AlertMetric::UserDailyQuota, id, user.requests, limit});
        });
    }
    return samples;
}

void AlertDesk::publish(const QList<AlertEvent> &events)
{
    if (events.isEmpty())
        return;
    StoreBatch batch;
    for (const AlertEvent &event : events)
        batch.putAlert(event.record);
    m_sink(std::move(batch));
    for (const AlertEvent &event : events) {
        if (event.kind == AlertEvent::Kind::Fired || event.kind == AlertEvent::Kind::Test)
            qCWarning(lcAlerts).noquote() << "alert fired:" << event.record.message;
        else if (event.kind == AlertEvent::Kind::Cleared)
            qCInfo(lcAlerts).noquote() << "alert cleared:" << event.record.message;
        emit alertEvent(event);
    }
}

} // namespace sluice
