#pragma once

#include "config/ConfigDiff.h"
#include "config/EngineConfig.h"
#include "control/ConfigHistory.h"
#include "store/StoreBatch.h"
#include "store/StoreRecords.h"
#include "util/Result.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace sluice {

class AlertDesk;
class Engine;
class PriceTable;

/// The configuration in force and every version of it: validates a whole new configuration,
/// applies it to the engine, its price table and the alert rules (AlertDesk), and records it as
/// the next version with its audit entry ("config.update"). Owns the versions (ConfigHistory,
/// in memory: nothing here reads SQLite) and the price table the engine charges with.
///
/// A version is applied and handed to the batch sink (the store writer's journal) in one
/// call, in one batch with its audit entry, so it shares a transaction with the first grants
/// made under it: no grant is durable (and so acknowledged) under limits that are not.
/// Threading: the engine's thread, like the Engine.
class ConfigVersions : public QObject
{
    Q_OBJECT

public:
    using BatchSink = std::function<void(StoreBatch batch)>;

    /// `history` holds every stored version, the latest being engine.config().
    ConfigVersions(Engine &engine, AlertDesk &alerts, ConfigHistory history, BatchSink sink,
                   QObject *parent = nullptr);
    ~ConfigVersions() override;

    /// The configuration in force.
    const EngineConfig &config() const;
    /// Its version.
    qint32 version() const { return m_history.latestVersion(); }
    /// Validates and applies a whole configuration as a new version.
    Result<ConfigApplied> apply(const EngineConfig &config, const QString &actor,
                                const QString &note = {});
    /// Applies what the configuration file says as a new version, audited as "config.load" by
    /// "config-file" like the file's version at start-up (a reload: sluiced on SIGHUP).
    Result<ConfigApplied> load(const EngineConfig &config, const QString &source);
    /// Applies configuration `version` again, as a new version, audited as "config.rollback".
    Result<ConfigApplied> rollback(qint32 version, const QString &actor);
    /// Every version, newest first (JSON left out).
    QList<ConfigVersionRow> list() const { return m_history.list(); }
    /// One version with its JSON.
    std::optional<ConfigVersionRow> row(qint32 version) const { return m_history.find(version); }
    std::optional<EngineConfig> configAt(qint32 version) const
    {
        return m_history.configAt(version);
    }

signals:
    void configChanged(qint32 version);

private:
    /// `action` names the audit entry: "config.update" or "config.rollback"; `detail` goes
    /// before the changes in it.
    Result<ConfigApplied> validateAndCommit(const EngineConfig &config, const QString &actor,
                                            const QString &note, const QString &action,
                                            const QString &detail);

    Engine &m_engine;
    AlertDesk &m_alerts;
    ConfigHistory m_history;
    std::unique_ptr<PriceTable> m_prices;
    BatchSink m_sink;
};

} // namespace sluice
