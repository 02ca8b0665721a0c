#pragma once

#include "alerts/AlertEvent.h"
#include "alerts/AlertMonitor.h"
#include "alerts/UtilisationSample.h"
#include "config/ConfigDiff.h"
#include "config/ConfigError.h"
#include "config/EngineConfig.h"
#include "control/ConfigHistory.h"
#include "engine/EngineTypes.h"
#include "store/StoreBatch.h"
#include "store/StoreRecords.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace sluice {

class Engine;
class PriceTable;
class Store;

/// The result of a configuration change: the new version, what changed, or why nothing did.
struct ConfigChangeResult
{
    qint32 version = 0;               ///< the version now in force
    QList<ConfigChange> changes;      ///< empty: the configuration was already like that
    QList<ConfigError> errors;        ///< non-empty: rejected, nothing changed
    QString message;                  ///< a sentence for people when rejected

    bool ok() const { return errors.isEmpty() && message.isEmpty(); }
};

/// The operations side of the engine. Every change an operator or admin makes (limits,
/// tiers, pricing, alert rules, pool actions, a user's tier, alert acknowledgements) goes
/// through here, so it is validated, versioned and audited (who, when, what) in one place.
/// Also turns the engine's utilisation into alerts (sampleAlerts).
///
/// Every record (configuration versions, audit entries, alerts, pool modes, pinned tiers) goes
/// to the batch sink, the store writer's journal in a running engine, and is committed with
/// the decisions of the same event-loop turn; callers answer once it is durable
/// (EngineRuntime::whenDurable). A configuration version is applied and handed to the sink in
/// one call, so it shares a transaction with the first grants made under it: no grant is
/// durable (and so acknowledged) under limits that are not. Configuration versions are held
/// in memory (ConfigHistory); nothing here commits synchronously.
/// Threading: lives on the engine's thread, like the Engine.
class ControlPlane : public QObject
{
    Q_OBJECT

public:
    using BatchSink = std::function<void(StoreBatch batch)>;

    /// `history` holds every stored version, the latest being engine.config(); `sink` takes
    /// every record to be stored.
    ControlPlane(Engine &engine, ConfigHistory history, AlertMonitor alerts, BatchSink sink,
                 QObject *parent = nullptr);
    ~ControlPlane() override;

    const EngineConfig &config() const;
    qint32 configVersion() const { return m_history.latestVersion(); }
    /// Validates and applies a whole configuration as a new version.
    ConfigChangeResult applyConfig(const EngineConfig &config, const QString &actor,
                                   const QString &note = {});
    /// Applies configuration `version` again, as a new version.
    ConfigChangeResult rollback(qint32 version, const QString &actor);
    /// Every version, newest first (JSON left out).
    QList<ConfigVersionRow> configHistory() const { return m_history.list(); }
    /// One version with its JSON.
    std::optional<ConfigVersionRow> configVersionRow(qint32 version) const
    {
        return m_history.find(version);
    }
    std::optional<EngineConfig> configAt(qint32 version) const { return m_history.configAt(version); }

    OpResult pause(const QString &pool, const QString &actor);
    /// Audited as pool.resume; the detail names an upstream throttle it lifted.
    OpResult resume(const QString &pool, const QString &actor);
    OpResult drain(const QString &pool, const QString &actor);
    OpResult purge(const QString &pool, const QString &actor, qint64 *count = nullptr);
    /// Cancels one waiting ticket on an operator's behalf.
    OpResult cancelTicket(RequestId id, const QString &actor);
    /// Pins a user's tier (empty: unpin).
    OpResult setUserTier(const QString &user, const QString &tier, const QString &actor);

    QList<AlertRecord> activeAlerts() const { return m_alerts.active(); }
    std::optional<AlertRecord> acknowledgeAlert(qint64 id, const QString &actor);
    AlertRecord sendTestAlert(const QString &actor);
    /// Evaluates every alert rule against the engine's utilisation now.
    void sampleAlerts();
    /// When a pending alert would fire, if any.
    std::optional<TimeMs> nextAlertDeadline() const { return m_alerts.nextDeadline(); }

    /// Pauses or drains the pools that were paused or draining when the engine stopped.
    void restorePoolModes(const Store &store);

    /// Records an action taken elsewhere (e.g. API key management in the gateway).
    void recordAudit(const QString &actor, const QString &action, const QString &target,
                     const QString &detail);
    const PriceTable &prices() const { return *m_prices; }

signals:
    void configChanged(qint32 version);
    void alertEvent(const sluice::AlertEvent &event);
    void audited(const sluice::AuditEntry &entry);

private:
    ConfigChangeResult commitConfig(const EngineConfig &config, const QString &actor,
                                    const QString &note);
    OpResult withAudit(OpResult result, const QString &actor, const QString &action,
                       const QString &target, const QString &detail = {});
    OpResult rememberMode(OpResult result, const QString &pool, PoolMode mode);
    static QString poolModeKey(const QString &pool);
    void publish(const QList<AlertEvent> &events);
    QList<UtilisationSample> utilisation() const;
    void watchUsersNearTheirQuota();

    Engine &m_engine;
    ConfigHistory m_history;
    AlertMonitor m_alerts;
    std::unique_ptr<PriceTable> m_prices;
    BatchSink m_sink;
};

} // namespace sluice
