#pragma once

#include "util/Clock.h"

#include "control/ConfigVersions.h"
#include "store/StoreBatch.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <memory>

namespace sluice {

class AdmissionService;
class AlertDesk;
class AuditTrail;
class ConfigVersions;
class Engine;
class EngineTimer;
class PoolHistory;
class PoolOperations;
class RejectionLog;
class Store;
class StoreJournal;
class StoreReader;
class StoreWriter;

/// How to start an engine with its durable state.
struct RuntimeOptions
{
    QString dataDir;     ///< holds sluice.db; created if missing
    QString configPath;  ///< TOML file; empty: the built-in default configuration
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const Clock *clock = nullptr;  ///< null: the system clock
    bool runTimer = true;          ///< false: the owner calls advance() (tests)
    /// Shared mode (sluiced --redis): the engine grants nothing from its queue by itself, from
    /// the start, so that a ticket restored from the store waits for Redis's grant.
    bool shared = false;
};

/// What EngineRuntime::reloadConfig() did.
struct ConfigReload
{
    /// false: the file (with the environment) says what it said when it was last loaded, so
    /// the version in force, which may hold changes made through the API, stays; nothing done.
    bool fileChanged = false;
    /// The version in force afterwards, whatever happened.
    qint32 version = 0;
    /// When it changed: the new version and what changed (nothing when the file asks for the
    /// configuration already in force), or why it was rejected, and then nothing changed.
    Result<ConfigApplied> result = ConfigApplied{};
    QStringList notes; ///< environment overrides applied, one sentence each
};

/// One running engine with everything around it, wired in one place: the SQLite store and
/// its writer thread, the journal, the configuration (file, environment, stored versions),
/// the operations side (configuration versions, audit trail, alerts, pool operations: every
/// change an operator or admin makes goes through one of them and is audited) and the timer
/// that drives time-based work. Both `sluiced` and the
/// dashboard's embedded engine are an EngineRuntime.
///
/// Start-up: the configuration is read from the file, the environment overrides it, and it is
/// validated; if it differs from what the file said at the last start it becomes a new
/// version, otherwise the latest stored version (which may include changes made through the
/// API) stays in force. Then today's usage, pinned tiers, waiting tickets (in queue order),
/// leases and active alerts are restored.
///
/// Threading: create and use on one thread (the engine's).
class EngineRuntime : public QObject
{
    Q_OBJECT

public:
    /// Opens the runtime, or the Error naming what was wrong (unreadable or
    /// invalid configuration, unwritable data directory, ...).
    static Result<std::unique_ptr<EngineRuntime>> open(const RuntimeOptions &options);
    ~EngineRuntime() override;

    Engine &engine() { return *m_engine; }
    /// The one way in for clients' acquires, releases, cancels and heartbeats.
    AdmissionService &admission() { return *m_admission; }
    /// Replaces the local admission (sluiced --redis: the shared one). Only before anything
    /// took admission(): at start, before the API service and the proxy are made.
    void setAdmission(std::unique_ptr<AdmissionService> admission);
    /// The configuration in force, its versions, changes and rollbacks.
    ConfigVersions &configVersions() { return *m_configVersions; }
    /// Who did what, when.
    AuditTrail &audit() { return *m_audit; }
    /// Alerts: firing, acknowledged, sampled from the engine.
    AlertDesk &alerts() { return *m_alerts; }
    /// The last hour of every pool's measures, sampled once a second (the dashboard's charts).
    const PoolHistory &history() const { return *m_history; }
    /// Operators' actions on pools, tickets and users' tiers.
    PoolOperations &poolOperations() { return *m_poolOperations; }
    /// The engine thread's own connection: startup and tests. Requests read through reader().
    Store &store() { return *m_store; }
    /// Reads on a thread of its own (audit, alert history, usage history).
    StoreReader &reader() { return *m_reader; }
    const Clock &clock() const { return *m_clock; }
    QString databasePath() const;

    /// Adds records made outside the engine (API keys) to the writer's next batch; callers
    /// answer once whenDurable() says so.
    void append(StoreBatch batch);
    /// Calls `done` once everything the engine has decided so far is on disk (group commit:
    /// one transaction covers every decision made in the same event-loop turn).
    void whenDurable(std::function<void()> done);
    /// Writes everything pending and waits for it; for shutdown and tests.
    bool flush(int timeoutMs = 10'000);
    /// Does time-based work now (when runTimer is false).
    void advance();
    /// Reads the configuration file (and the environment given at start) again, as at
    /// start-up: if what it asks for changed since it was last loaded, it is validated and
    /// applied as a new version (ConfigVersions::load); errors leave everything as it was.
    /// Without a configuration file (built-in defaults) nothing changes.
    ConfigReload reloadConfig();
    /// The configuration file changed since this store last loaded it, and was loaded at
    /// start as a new version over the stored one: a change made here (a fresh store's
    /// first load is not one). Shared mode publishes it to the other replicas.
    bool fileChangedAtStart() const { return m_fileChangedAtStart; }

private:
    EngineRuntime();

    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock = nullptr;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AdmissionService> m_admission;
    std::unique_ptr<StoreJournal> m_journal;
    std::unique_ptr<AuditTrail> m_audit;
    std::unique_ptr<AlertDesk> m_alerts;
    std::unique_ptr<ConfigVersions> m_configVersions;
    std::unique_ptr<PoolOperations> m_poolOperations;
    std::unique_ptr<RejectionLog> m_rejections;
    std::unique_ptr<PoolHistory> m_history;
    std::unique_ptr<EngineTimer> m_timer;
    QString m_dataDir;
    QString m_configPath;
    bool m_fileChangedAtStart = false;
    QProcessEnvironment m_environment;
    QString m_fileConfigHash; ///< of what the file and environment asked for when last loaded
};

} // namespace sluice
