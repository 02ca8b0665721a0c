#include "control/ConfigVersions.h"

#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "control/AlertDesk.h"
#include "cost/PriceTable.h"
#include "engine/Engine.h"
#include "util/Logging.h"

#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

ConfigVersions::ConfigVersions(Engine &engine, AlertDesk &alerts, ConfigHistory history,
                               BatchSink sink, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_alerts(alerts)
    , m_history(std::move(history))
    , m_prices(std::make_unique<PriceTable>(engine.config().pricing))
    , m_sink(std::move(sink))
{
    m_engine.setPriceTable(m_prices.get());
}

ConfigVersions::~ConfigVersions()
{
    m_engine.setPriceTable(nullptr);
}

const EngineConfig &ConfigVersions::config() const
{
    return m_engine.config();
}

Result<ConfigApplied> ConfigVersions::apply(const EngineConfig &config, const QString &actor,
                                            const QString &note)
{
    return validateAndCommit(config, actor, note, u"config.update"_s, {});
}

Result<ConfigApplied> ConfigVersions::load(const EngineConfig &config, const QString &source)
{
    return validateAndCommit(config, u"config-file"_s, u"loaded from %1"_s.arg(source),
                             u"config.load"_s, {});
}

Result<ConfigApplied> ConfigVersions::validateAndCommit(const EngineConfig &config,
                                                        const QString &actor, const QString &note,
                                                        const QString &action,
                                                        const QString &detail)
{
    if (QList<FieldError> invalid = validateConfig(config); !invalid.isEmpty()) {
        const QString why = u"The configuration was rejected: %1"_s.arg(describeErrors(invalid));
        return Error{errors::kValidationFailed, why, std::move(invalid)};
    }
    ConfigApplied result{version(), diffConfigs(m_engine.config(), config)};
    if (result.changes.isEmpty())
        return result;
    // Applied and handed to the writer in one call: applying can grant at once (a raised limit
    // dispatches waiting tickets), and those grants are journalled in this event-loop turn's
    // batch, the same transaction as the version. A grant is acknowledged only once durable,
    // so none is ever acknowledged under a version that is not, and a crash loses both or
    // neither. A commit that fails is retried by the writer; callers answer once durable.
    if (const Result<Done> applied = m_engine.reconfigure(config); !applied)
        return Error{errors::kConfigRejected, applied.error().message, {}};
    const TimeMs now = m_engine.now();
    ConfigVersionRow row;
    row.version = result.version + 1;
    row.at = now;
    row.actor = actor;
    row.note = note;
    row.json = QJsonDocument(configToJson(config)).toJson(QJsonDocument::Compact);
    StoreBatch batch;
    batch.putConfigVersion(row);
    // The audit entry rides in the version's own batch: one is never stored without the other.
    batch.appendAudit(AuditEntry{0, now, actor, action, u"version %1"_s.arg(row.version),
                                 detail + describeChanges(result.changes)});
    m_sink(std::move(batch));
    m_history.add(std::move(row));
    result.version = version();
    m_prices = std::make_unique<PriceTable>(config.pricing);
    m_engine.setPriceTable(m_prices.get());
    m_alerts.setRules(config.alertRules);
    qCInfo(lcConfig).noquote() << "configuration version" << result.version << "by" << actor << "\n"
                               << describeChanges(result.changes);
    emit configChanged(result.version);
    return result;
}

Result<ConfigApplied> ConfigVersions::rollback(qint32 version, const QString &actor)
{
    const std::optional<EngineConfig> target = configAt(version);
    if (!target)
        return Error{
            errors::kConfigRejected, u"There is no configuration version %1"_s.arg(version), {}};
    return validateAndCommit(*target, actor, u"rollback to version %1"_s.arg(version),
                             u"config.rollback"_s, u"to version %1:\n"_s.arg(version));
}

} // namespace sluice
