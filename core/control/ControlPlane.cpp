#include "control/ControlPlane.h"

#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "cost/PriceTable.h"
#include "engine/Engine.h"
#include "store/Store.h"
#include "util/Logging.h"

#include <QDateTime>
#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

ControlPlane::ControlPlane(Engine &engine, ConfigHistory history, AlertMonitor alerts,
                           BatchSink sink, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_history(std::move(history))
    , m_alerts(std::move(alerts))
    , m_prices(std::make_unique<PriceTable>(engine.config().pricing))
    , m_sink(std::move(sink))
{
    m_engine.setPriceTable(m_prices.get());
    watchUsersNearTheirQuota();
}

void ControlPlane::watchUsersNearTheirQuota()
{
    // The user-quota samples need only users at or above the lowest level a user rule clears
    // below: anyone lower neither fires nor keeps an alert firing.
    double lowest = -1;
    for (const AlertRule &rule : m_alerts.rules()) {
        if (!rule.enabled || rule.metric != AlertMetric::UserDailyQuota)
            continue;
        const double clears = std::min(rule.clearBelow, rule.threshold);
        lowest = lowest < 0 ? clears : std::min(lowest, clears);
    }
    m_engine.watchUsersAbove(lowest);
}

ControlPlane::~ControlPlane()
{
    m_engine.setPriceTable(nullptr);
}

const EngineConfig &ControlPlane::config() const
{
    return m_engine.config();
}

ConfigChangeResult ControlPlane::applyConfig(const EngineConfig &config, const QString &actor,
                                             const QString &note)
{
    ConfigChangeResult result;
    result.version = configVersion();
    result.errors = validateConfig(config);
    if (!result.errors.isEmpty()) {
        result.message = u"The configuration was rejected: %1"_s.arg(describeErrors(result.errors));
        return result;
    }
    return commitConfig(config, actor, note);
}

ConfigChangeResult ControlPlane::commitConfig(const EngineConfig &config, const QString &actor,
                                              const QString &note)
{
    ConfigChangeResult result;
    result.version = configVersion();
    result.changes = diffConfigs(m_engine.config(), config);
    if (result.changes.isEmpty())
        return result;
    // Applied and handed to the writer in one call: applying can grant at once (a raised limit
    // dispatches waiting tickets), and those grants are journalled in this event-loop turn's
    // batch, the same transaction as the version. A grant is acknowledged only once durable,
    // so none is ever acknowledged under a version that is not, and a crash loses both or
    // neither. A commit that fails is retried by the writer; callers answer once durable.
    if (const OpResult applied = m_engine.reconfigure(config); !applied) {
        result.changes.clear();
        result.message = applied.message;
        return result;
    }
    const TimeMs now = m_engine.now();
    ConfigVersionRow row;
    row.version = result.version + 1;
    row.at = now;
    row.actor = actor;
    row.note = note;
    row.json = QJsonDocument(configToJson(config)).toJson(QJsonDocument::Compact);
    StoreBatch batch;
    batch.putConfigVersion(row);
    batch.appendAudit(AuditEntry{0, now, actor, u"config.update"_s,
                                 u"version %1"_s.arg(row.version), describeChanges(result.changes)});
    m_sink(std::move(batch));
    m_history.add(std::move(row));
    result.version = configVersion();
    m_prices = std::make_unique<PriceTable>(config.pricing);
    m_engine.setPriceTable(m_prices.get());
    publish(m_alerts.setRules(config.alertRules, now));
    watchUsersNearTheirQuota();
    qCInfo(lcConfig).noquote() << "configuration version" << result.version << "by" << actor
                               << "\n" << describeChanges(result.changes);
    emit configChanged(result.version);
    return result;
}

ConfigChangeResult ControlPlane::rollback(qint32 version, const QString &actor)
{
    ConfigChangeResult result;
    result.version = configVersion();
    const std::optional<EngineConfig> target = configAt(version);
    if (!target) {
        result.message = u"There is no configuration version %1"_s.arg(version);
        return result;
    }
    return applyConfig(*target, actor, u"rollback to version %1"_s.arg(version));
}

OpResult ControlPlane::pause(const QString &pool, const QString &actor)
{
    return rememberMode(withAudit(m_engine.pause(pool), actor, u"pool.pause"_s, pool), pool,
                        PoolMode::Paused);
}

OpResult ControlPlane::resume(const QString &pool, const QString &actor)
{
    const std::optional<PoolStatus> before = m_engine.poolStatus(pool);
    const TimeMs throttledUntil = before ? before->throttledUntil : 0;
    const QString detail =
        throttledUntil > 0
            ? u"lifted the upstream throttle until %1"_s.arg(
                  QDateTime::fromMSecsSinceEpoch(throttledUntil, Qt::UTC)
                      .toString(Qt::ISODateWithMs))
            : QString();
    return rememberMode(withAudit(m_engine.resume(pool), actor, u"pool.resume"_s, pool, detail),
                        pool, PoolMode::Running);
}

OpResult ControlPlane::drain(const QString &pool, const QString &actor)
{
    return rememberMode(withAudit(m_engine.drain(pool), actor, u"pool.drain"_s, pool), pool,
                        PoolMode::Draining);
}

OpResult ControlPlane::rememberMode(OpResult result, const QString &pool, PoolMode mode)
{
    if (result) {
        StoreBatch batch;
        batch.setMeta(poolModeKey(pool), poolModeName(mode));
        m_sink(std::move(batch));
    }
    return result;
}

QString ControlPlane::poolModeKey(const QString &pool)
{
    return u"pool_mode:"_s + pool;
}

void ControlPlane::restorePoolModes(const Store &store)
{
    for (const PoolConfig &pool : m_engine.config().pools) {
        const std::optional<PoolMode> mode =
            poolModeFromName(store.meta(poolModeKey(pool.name)).value_or(QString()));
        if (mode == PoolMode::Paused)
            m_engine.pause(pool.name);
        else if (mode == PoolMode::Draining)
            m_engine.drain(pool.name);
    }
}

OpResult ControlPlane::purge(const QString &pool, const QString &actor, qint64 *count)
{
    qint64 purged = 0;
    const OpResult result = m_engine.purge(pool, &purged);
    if (count)
        *count = purged;
    return withAudit(result, actor, u"pool.purge"_s, pool,
                     u"%1 waiting tickets failed with QUEUE_PURGED"_s.arg(purged));
}

OpResult ControlPlane::cancelTicket(RequestId id, const QString &actor)
{
    const std::optional<RequestInfo> info = m_engine.request(id);
    const OpResult result = m_engine.cancel(id);
    const QString target = info ? u"%1/%2"_s.arg(info->pool, formatRequestId(id))
                                : formatRequestId(id);
    return withAudit(result, actor, u"ticket.cancel"_s, target,
                     info ? u"user %1"_s.arg(info->user) : QString());
}

OpResult ControlPlane::setUserTier(const QString &user, const QString &tier, const QString &actor)
{
    const UserQuota before = m_engine.userQuota(user);
    const OpResult result = m_engine.setUserTier(user, tier);
    if (result) {
        StoreBatch batch;
        batch.setUserTier(user, tier);
        m_sink(std::move(batch));
    }
    const QString detail = tier.isEmpty()
                               ? u"tier %1 unpinned"_s.arg(before.tier)
                               : u"tier: %1 -> %2"_s.arg(before.tier, tier);
    return withAudit(result, actor, u"user.tier"_s, user, detail);
}

std::optional<AlertRecord> ControlPlane::acknowledgeAlert(qint64 id, const QString &actor)
{
    const std::optional<AlertEvent> event = m_alerts.acknowledge(id, actor, m_engine.now());
    if (!event)
        return std::nullopt;
    recordAudit(actor, u"alert.acknowledge"_s, QString::number(id), event->record.message);
    publish({*event});
    return event->record;
}

AlertRecord ControlPlane::sendTestAlert(const QString &actor)
{
    const AlertEvent event = m_alerts.testAlert(actor, m_engine.now());
    recordAudit(actor, u"alert.test"_s, QString::number(event.record.id), event.record.message);
    publish({event});
    return event.record;
}

void ControlPlane::sampleAlerts()
{
    publish(m_alerts.evaluate(m_engine.now(), utilisation()));
}

QList<UtilisationSample> ControlPlane::utilisation() const
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
        m_alerts.rules().cbegin(), m_alerts.rules().cend(), [](const AlertRule &rule) {
            return rule.enabled && rule.metric == AlertMetric::UserDailyQuota;
        });
    if (watchUsers) {
        m_engine.forEachUserToday([&samples](const UserRecord &user, qint64 limit) {
            samples.append({AlertMetric::UserDailyQuota, user.id, user.requests, limit});
        });
    }
    return samples;
}

void ControlPlane::recordAudit(const QString &actor, const QString &action, const QString &target,
                               const QString &detail)
{
    const AuditEntry entry{0, m_engine.now(), actor, action, target, detail};
    StoreBatch batch;
    batch.appendAudit(entry);
    m_sink(std::move(batch));
    emit audited(entry);
}

OpResult ControlPlane::withAudit(OpResult result, const QString &actor, const QString &action,
                                 const QString &target, const QString &detail)
{
    if (result)
        recordAudit(actor, action, target, detail);
    return result;
}

void ControlPlane::publish(const QList<AlertEvent> &events)
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
