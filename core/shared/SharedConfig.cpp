#include "shared/SharedConfig.h"

#include "config/ConfigJson.h"
#include "control/ConfigVersions.h"
#include "redis/RedisLogging.h"
#include "runtime/EngineRuntime.h"
#include "shared/SharedLink.h"
#include "store/Store.h"
#include "store/StoreBatch.h"

#include <QJsonDocument>
#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

/// The store's meta key: the local configuration version last the deployment's.
const QString kSyncedLocalVersion = u"shared_config_local_version"_s;

} // namespace

SharedConfig::SharedConfig(EngineRuntime &runtime, SharedLink &link, QObject *parent)
    : QObject(parent)
    , m_runtime(runtime)
    , m_versions(runtime.configVersions())
    , m_link(link)
{
    const Result<std::optional<QString>> synced = runtime.store().meta(kSyncedLocalVersion);
    m_pending = runtime.fileChangedAtStart() ||
                (synced && *synced && m_versions.version() > (*synced)->toInt());
    m_link.waitForConfig();
    connect(&m_versions, &ConfigVersions::configChanged, this, &SharedConfig::onLocalChange);
    connect(&m_link, &SharedLink::received, this, &SharedConfig::onEvent);
    connect(&m_link, &SharedLink::libraryLoaded, this, &SharedConfig::sync);
}

void SharedConfig::upkeep(TimeMs now)
{
    if (!m_link.isReady() || (!m_pending && now - m_lastSync < kRefreshMs))
        return;
    m_lastSync = now;
    sync();
}

void SharedConfig::onLocalChange()
{
    if (m_adopting) // the change came from Redis
        return;
    m_pending = true;
    sync();
}

void SharedConfig::onEvent(const RedisEvent &event)
{
    if (event.type == u"config"_s && event.id.toLongLong() != m_version)
        sync();
}

void SharedConfig::sync()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    if (m_pending) // a change made here: it replaces whatever Redis holds
        return publish(m_version, 0);
    m_link.configDocument().read([self = QPointer<SharedConfig>(this)](const RedisAnswer &answer) {
        if (self)
            self->onRead(answer);
    });
}

void SharedConfig::onRead(const RedisAnswer &answer)
{
    if (!answer.ok()) {
        setProblem(u"the deployment's configuration could not be read from Redis: %1"_s.arg(
            answer.error));
        return finish();
    }
    const qint64 version = answer.json.value("ver"_L1).toInteger();
    if (m_pending)
        return publish(version, 0);
    if (version == 0) { // none yet: a new deployment, or Redis lost its data
        if (m_refused) // this replica lags the deployment: let another one seed it
            return finish();
        if (m_version > 0)
            qCWarning(lcRedis).noquote()
                << u"Redis lost the deployment's configuration (version %1); seeding it again "
                   "with this replica's"_s.arg(m_version);
        return publish(0, 0);
    }
    const QString replica = answer.json.value("replica"_L1).toString();
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(answer.json.value("doc"_L1).toString().toUtf8(), &parseError);
    const Result<EngineConfig> config =
        document.isObject() ? configFromJson(document.object())
                            : Result<EngineConfig>(Error{errors::kValidationFailed,
                                                         parseError.errorString(), {}});
    if (!config) {
        m_refused = true;
        setProblem(u"the deployment's configuration version %1 (from replica %2) was refused "
                   "here: %3. Publish a valid one from any replica (PUT /v1/config)."_s.arg(
                       QString::number(version), replica, config.error().message));
        return finish();
    }
    adopt(version, *config, answer.json.value("actor"_L1).toString(), replica);
    finish();
}

void SharedConfig::adopt(qint64 version, const EngineConfig &config, const QString &actor,
                         const QString &replica)
{
    if (!(config == m_versions.config())) {
        m_adopting = true;
        const Result<ConfigApplied> applied = m_versions.apply(
            config, actor.isEmpty() ? u"replica %1"_s.arg(replica) : actor,
            u"deployment version %1, published by replica %2"_s.arg(QString::number(version),
                                                                    replica));
        m_adopting = false;
        m_refused = !applied;
        if (!applied)
            return setProblem(u"the deployment's configuration version %1 (from replica %2) "
                              "was refused here: %3"_s.arg(QString::number(version), replica,
                                                           applied.error().message));
        qCInfo(lcRedis).noquote() << "applied the deployment's configuration version" << version
                                  << "from replica" << replica << "as local version"
                                  << applied->version;
    }
    synced(version, m_versions.version());
}

void SharedConfig::publish(qint64 replaces, int attempt)
{
    const qint32 local = m_versions.version();
    // The version's row holds the configuration's JSON already (empty: Redis refuses it).
    const std::optional<ConfigVersionRow> row = m_versions.row(local);
    m_link.configDocument().publish(
        replaces, row ? row->json : QByteArray(), m_link.options().replica,
        row ? row->actor : QString(),
        [self = QPointer<SharedConfig>(this), attempt, local](const RedisAnswer &answer) {
            if (self)
                self->onPublished(answer, attempt, local);
        });
}

void SharedConfig::onPublished(const RedisAnswer &answer, int attempt, qint32 local)
{
    if (!answer.ok()) {
        setProblem(u"this replica's configuration could not be published to Redis: %1"_s.arg(
            answer.error));
        return finish();
    }
    if (answer.status() == u"ok"_s) {
        const qint64 version = answer.json.value("ver"_L1).toInteger();
        m_pending = m_versions.version() != local; // changed again meanwhile
        qCInfo(lcRedis).noquote() << "published local configuration version" << local
                                  << "as the deployment's version" << version;
        synced(version, local);
        return finish();
    }
    const qint64 stored = answer.json.value("cfgver"_L1).toInteger(-1);
    if (answer.json.value("reason"_L1).toString() != u"STALE_CONFIG"_s || stored < 0 ||
        attempt + 1 >= kPublishAttempts) {
        setProblem(u"Redis refused this replica's configuration: %1"_s.arg(
            QString::fromUtf8(QJsonDocument(answer.json).toJson(QJsonDocument::Compact))));
        return finish();
    }
    if (!m_pending) { // seeding, and another replica seeded first: take theirs
        m_again = true;
        return finish();
    }
    qCWarning(lcRedis).noquote()
        << "the deployment's configuration changed on another replica (version" << stored
        << ") while this one changed too: this change replaces it (the later one wins)";
    publish(stored, attempt + 1);
}

void SharedConfig::synced(qint64 version, qint32 local)
{
    m_version = version;
    m_refused = false;
    setProblem({});
    StoreBatch batch;
    batch.setMeta(kSyncedLocalVersion, QString::number(local));
    m_runtime.append(std::move(batch));
    m_link.configSynced();
}

void SharedConfig::finish()
{
    m_busy = false;
    if (m_again) {
        m_again = false;
        sync();
    }
}

void SharedConfig::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    if (!problem.isEmpty())
        qCWarning(lcRedis).noquote() << problem;
}

} // namespace sluice
