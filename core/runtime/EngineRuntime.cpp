#include "runtime/EngineRuntime.h"

#include "config/ConfigDiff.h"
#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"
#include "config/EnvOverrides.h"
#include "config/TomlConfigReader.h"
#include "control/AlertDesk.h"
#include "control/AuditTrail.h"
#include "control/ConfigVersions.h"
#include "control/PoolHistory.h"
#include "control/PoolOperations.h"
#include "control/RejectionLog.h"
#include "engine/Engine.h"
#include "runtime/EngineTimer.h"
#include "runtime/LocalAdmission.h"
#include "runtime/StoreJournal.h"
#include "runtime/StoredEngineState.h"
#include "store/Store.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "util/Logging.h"
#include "util/PrivateFiles.h"
#include "util/SystemClock.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

const QString kFileConfigHash = u"file_config_hash"_s;
const QString kGenerationFloor = u"generation_floor"_s;

/// The configuration the file and the environment ask for, validated.
Result<EngineConfig> requestedConfig(const QString &configPath,
                                     const QProcessEnvironment &environment, QStringList *notes)
{
    Result<EngineConfig> read =
        configPath.isEmpty() ? Result<EngineConfig>(defaultConfig()) : readConfigFile(configPath);
    if (!read)
        return read;
    const EnvOverrideResult env = applyEnvOverrides(*read, environment);
    if (!env.errors.isEmpty())
        return checkedValue(std::move(*read), env.errors);
    for (const AppliedOverride &o : env.applied)
        notes->append(u"%1 sets %2: %3 -> %4"_s.arg(o.variable, o.field, o.before, o.after));
    QList<FieldError> invalid = validateConfig(*read);
    return checkedValue(std::move(*read), std::move(invalid));
}

QByteArray configJson(const EngineConfig &config)
{
    return QJsonDocument(configToJson(config)).toJson(QJsonDocument::Compact);
}

QString configHash(const QByteArray &json)
{
    return QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
}

} // namespace

EngineRuntime::EngineRuntime() = default;

void EngineRuntime::setAdmission(std::unique_ptr<AdmissionService> admission)
{
    m_admission = std::move(admission);
}

EngineRuntime::~EngineRuntime()
{
    m_timer.reset();
    if (m_journal)
        flush();
    m_rejections.reset();
    m_poolOperations.reset();
    m_configVersions.reset();
    m_alerts.reset();
    m_audit.reset();
    if (m_engine)
        m_engine->setJournal(nullptr);
    m_journal.reset();
    m_admission.reset();
    m_engine.reset();
    m_writer.reset();
}

QString EngineRuntime::databasePath() const
{
    return QDir(m_dataDir).filePath(u"sluice.db"_s);
}

Result<std::unique_ptr<EngineRuntime>> EngineRuntime::open(const RuntimeOptions &options)
{
    std::unique_ptr<EngineRuntime> runtime(new EngineRuntime);
    EngineRuntime &rt = *runtime;
    if (options.clock) {
        rt.m_clock = options.clock;
    } else {
        rt.m_ownClock = std::make_unique<SystemClock>();
        rt.m_clock = rt.m_ownClock.get();
    }
    rt.m_dataDir = options.dataDir;
    if (Result<Done> made = makePrivateDirectory(rt.m_dataDir); !made)
        return made.error();
    rt.m_store = std::make_unique<Store>();
    if (Result<Done> opened = rt.m_store->open(rt.databasePath()); !opened)
        return opened.error();

    // The configuration: a changed file (or environment) makes a new version; otherwise the
    // latest stored version, which may hold changes made through the API, stays in force.
    QStringList notes;
    const Result<EngineConfig> requested =
        requestedConfig(options.configPath, options.environment, &notes);
    if (!requested.ok()) {
        return Error{requested.error().code, describeErrors(requested.error().fields),
                     requested.error().fields};
    }
    const QByteArray requestedJson = configJson(*requested);
    const QString hash = configHash(requestedJson);
    rt.m_configPath = options.configPath;
    rt.m_environment = options.environment;
    rt.m_fileConfigHash = hash;
    // Every stored version, read once: ConfigVersions keeps them in memory.
    const Result<QList<ConfigVersionRow>> versions = rt.m_store->loadConfigVersions();
    const Result<std::optional<QString>> storedHash = rt.m_store->meta(kFileConfigHash);
    const Result<std::optional<QString>> storedFloor = rt.m_store->meta(kGenerationFloor);
    const Result<QList<AlertRecord>> storedAlerts = rt.m_store->alerts(0);
    const Result<qint64> lastAlert = rt.m_store->maxAlertId();
    if (const std::optional<Error> failed =
            firstFailure(versions, storedHash, storedFloor, storedAlerts, lastAlert))
        return *failed;
    ConfigHistory history(*versions);
    EngineConfig config = *requested;
    qint32 version = history.latestVersion();
    const std::optional<EngineConfig> latest = history.configAt(version);
    bool useStored = version > 0 && *storedHash == hash;
    if (useStored) {
        useStored = latest && validateConfig(*latest).isEmpty();
        if (useStored)
            config = *latest;
        else
            qCWarning(lcConfig) << "stored configuration version" << version
                                << "is not valid any more; using the file's";
    }
    if (!useStored) {
        const TimeMs now = rt.m_clock->now();
        const QString source =
            options.configPath.isEmpty() ? u"built-in defaults"_s : options.configPath;
        StoreBatch batch;
        ConfigVersionRow row{++version, now, u"config-file"_s, u"loaded from %1"_s.arg(source),
                             requestedJson};
        batch.putConfigVersion(row);
        QString detail = notes.join(u'\n');
        if (latest)
            detail = describeChanges(diffConfigs(*latest, config)) + u'\n' + detail;
        batch.appendAudit(AuditEntry{0, now, u"config-file"_s, u"config.load"_s,
                                     u"version %1"_s.arg(version), detail.trimmed()});
        batch.setMeta(kFileConfigHash, hash);
        if (Result<Done> committed = rt.m_store->commit(batch); !committed)
            return committed.error();
        history.add(std::move(row));
        rt.m_fileChangedAtStart = latest.has_value();
    }

    rt.m_writer = std::make_unique<StoreWriter>(rt.databasePath());
    if (Result<Done> started = rt.m_writer->start(); !started)
        return started.error();
    rt.m_reader = std::make_unique<StoreReader>(rt.databasePath());
    if (Result<Done> started = rt.m_reader->start(); !started)
        return started.error();
    rt.m_engine = std::make_unique<Engine>(*rt.m_clock, config);
    Engine &engine = *rt.m_engine;
    engine.setShared(options.shared);
    rt.m_admission = std::make_unique<LocalAdmission>(engine);

    // What was there before a restart: pinned tiers, today's usage, tickets and leases.
    const quint32 floor = storedFloor->value_or(QString()).toUInt();
    const Result<EngineState> stored = storedEngineState(*rt.m_store, engine, floor);
    if (!stored) {
        return stored.error();
    }
    if (const Result<Done> restored = engine.importState(*stored); !restored) {
        return restored.error();
    }

    rt.m_journal = std::make_unique<StoreJournal>(engine, *rt.m_writer, floor);
    engine.setJournal(rt.m_journal.get());

    AlertMonitor alerts(config.alertRules);
    QList<AlertRecord> active;
    for (const AlertRecord &alert : *storedAlerts)
        if (alert.clearedAt == 0 && alert.metric != u"test"_s)
            active.append(alert);
    alerts.restore(active, *lastAlert + 1);
    const auto sink = [journal = rt.m_journal.get()](StoreBatch batch) {
        journal->append(std::move(batch));
    };
    rt.m_audit = std::make_unique<AuditTrail>(*rt.m_clock, sink);
    rt.m_alerts = std::make_unique<AlertDesk>(engine, *rt.m_audit, std::move(alerts), sink);
    rt.m_configVersions =
        std::make_unique<ConfigVersions>(engine, *rt.m_alerts, std::move(history), sink);
    rt.m_poolOperations = std::make_unique<PoolOperations>(engine, *rt.m_audit, sink);
    if (const Result<Done> modes = rt.m_poolOperations->restoreModes(*rt.m_store); !modes) {
        return modes.error();
    }
    rt.m_rejections = std::make_unique<RejectionLog>(engine, sink);

    rt.m_history = std::make_unique<PoolHistory>(engine);

    if (options.runTimer)
        rt.m_timer =
            std::make_unique<EngineTimer>(engine, *rt.m_alerts, *rt.m_history, *rt.m_clock);
    else
        rt.advance();
    qCInfo(lcEngine).noquote() << "engine started with configuration version" << version << "from"
                               << rt.databasePath();
    return runtime;
}

void EngineRuntime::append(StoreBatch batch)
{
    m_journal->append(std::move(batch));
}

void EngineRuntime::whenDurable(std::function<void()> done)
{
    m_journal->whenDurable(std::move(done));
}

bool EngineRuntime::flush(int timeoutMs)
{
    return m_writer->waitForCommitted(m_journal->flush(), timeoutMs);
}

ConfigReload EngineRuntime::reloadConfig()
{
    ConfigReload reload;
    reload.version = m_configVersions->version();
    reload.result = ConfigApplied{reload.version, {}};
    if (m_configPath.isEmpty())
        return reload;
    const Result<EngineConfig> requested =
        requestedConfig(m_configPath, m_environment, &reload.notes);
    if (!requested.ok()) {
        reload.fileChanged = true;
        reload.result = requested.error();
        return reload;
    }
    const QString hash = configHash(configJson(*requested));
    if (hash == m_fileConfigHash)
        return reload;
    reload.fileChanged = true;
    reload.result = m_configVersions->load(*requested, m_configPath);
    reload.version = m_configVersions->version();
    if (!reload.result.ok())
        return reload;
    // In the same event-loop turn as the version, so in the same transaction.
    StoreBatch batch;
    batch.setMeta(kFileConfigHash, hash);
    m_journal->append(std::move(batch));
    m_fileConfigHash = hash;
    return reload;
}

void EngineRuntime::advance()
{
    if (m_timer) {
        m_timer->tick();
        return;
    }
    m_engine->advance();
    m_alerts->sample();
    m_history->sample();
}

} // namespace sluice
