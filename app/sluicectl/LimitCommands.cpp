// limits get, presets, history, diff: reading the configuration and its versions.

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "LimitSupport.h"
#include "TextTable.h"

#include "config/ConfigDiff.h"
#include "config/ConfigJson.h"
#include "config/TomlConfigReader.h"

#include <QJsonArray>

#include <algorithm>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
void writePools(CtlRun &run, const QJsonArray &pools)
{
    TextTable table({u"POOL"_s, u"MAX CONCURRENT"_s, u"REQ/MIN"_s, u"TOKENS/MIN"_s, u"MAX QUEUE"_s,
                     u"QUEUE TIMEOUT"_s, u"LEASE IDLE"_s, u"RETRIES"_s});
    for (const QJsonValue &value : pools) {
        const QJsonObject pool = value.toObject();
        table.addRow({pool.value("name"_L1).toString(), show(pool.value("max_concurrent"_L1)),
                      showLimit(pool.value("requests_per_minute"_L1)),
                      showLimit(pool.value("tokens_per_minute"_L1)),
                      show(pool.value("max_queue_length"_L1)),
                      showDuration(pool.value("queue_timeout_ms"_L1)),
                      showDuration(pool.value("lease_idle_timeout_ms"_L1)),
                      show(pool.value("retry"_L1).toObject().value("max_retries"_L1))});
    }
    table.write(run.out());
}

void writeTiers(CtlRun &run, const QJsonArray &tiers)
{
    TextTable table({u"TIER"_s, u"DAILY REQUESTS"_s, u"DAILY TOKENS"_s, u"DAILY COST USD"_s,
                     u"PRIORITY"_s, u"PER USER"_s});
    for (const QJsonValue &value : tiers) {
        const QJsonObject tier = value.toObject();
        table.addRow({tier.value("name"_L1).toString(), show(tier.value("daily_requests"_L1)),
                      showLimit(tier.value("daily_tokens"_L1)),
                      showLimit(tier.value("daily_cost_usd"_L1)), show(tier.value("priority"_L1)),
                      showLimit(tier.value("max_concurrent_per_user"_L1))});
    }
    table.write(run.out());
}

void writeConfig(CtlRun &run, const QJsonObject &config)
{
    writePools(run, config.value("pools"_L1).toArray());
    run.out() << '\n';
    writeTiers(run, config.value("tiers"_L1).toArray());
}

void writeItem(CtlRun &run, const QJsonObject &item, bool tier)
{
    const QStringList optional =
        tier ? QStringList{u"daily_tokens"_s, u"daily_cost_usd"_s, u"max_concurrent_per_user"_s}
             : QStringList{u"requests_per_minute"_s, u"tokens_per_minute"_s};
    QList<std::pair<QString, QString>> rows;
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (it.value().isObject()) {
            const QJsonObject inner = it.value().toObject();
            for (auto at = inner.begin(); at != inner.end(); ++at)
                rows.append({it.key() + u'.' + at.key(), show(at.value())});
        } else {
            rows.append({it.key(), show(it.value())});
        }
    }
    for (const QString &name : optional) {
        if (!item.contains(name))
            rows.append({name, u"unlimited"_s});
    }
    std::sort(rows.begin(), rows.end());
    TextTable::fields(rows).write(run.out());
}
} // namespace

int runLimitsGet(CtlRun &run)
{
    const QJsonObject answer = run.get(u"/v1/config"_s, u"configuration"_s);
    const QJsonObject config = answer.value("config"_L1).toObject();
    const qint64 version = answer.value("version"_L1).toInteger();
    if (run.args().isEmpty()) {
        if (run.json())
            return run.printJson(answer);
        run.out() << u"Configuration version %1\n\n"_s.arg(version);
        writeConfig(run, config);
        return 0;
    }
    const bool tier = run.isSet(u"tier"_s);
    const QString name = run.arg(0);
    const std::optional<QJsonObject> item = namedItem(config, tier, name);
    if (!item)
        CtlRun::fail(ExitCode::NotFound, unknownItemMessage(config, tier, name));
    if (run.json())
        return run.printJson(
            QJsonObject{{u"version"_s, version}, {tier ? u"tier"_s : u"pool"_s, *item}});
    run.out() << u"Configuration version %1\n\n"_s.arg(version);
    writeItem(run, *item, tier);
    return 0;
}

int runLimitsPresets(CtlRun &run)
{
    const QJsonObject answer = run.get(u"/v1/config/presets"_s, u"presets"_s);
    if (run.json())
        return run.printJson(answer);
    TextTable table({u"PRESET"_s, u"REQ/MIN"_s, u"MAX CONCURRENT"_s, u"FOR"_s});
    for (const QJsonValue &value : answer.value("presets"_L1).toArray()) {
        const QJsonObject preset = value.toObject();
        table.addRow(
            {preset.value("name"_L1).toString(), show(preset.value("requests_per_minute"_L1)),
             show(preset.value("max_concurrent"_L1)), preset.value("description"_L1).toString()});
    }
    table.write(run.out());
    return 0;
}

int runLimitsHistory(CtlRun &run)
{
    if (!run.args().isEmpty()) {
        const qint64 version = run.intArg(0, u"VERSION"_s, 1, INT32_MAX);
        const QJsonObject row = run.get(u"/v1/config/versions/%1"_s.arg(version),
                                        u"configuration version %1"_s.arg(version));
        if (run.json())
            return run.printJson(row);
        run.out() << u"Version %1, %2 by %3%4\n\n"_s.arg(
            QString::number(version), showTime(row.value("at"_L1)),
            row.value("actor"_L1).toString(),
            row.value("note"_L1).toString().isEmpty() ? QString()
                                                      : u": "_s + row.value("note"_L1).toString());
        writeConfig(run, row.value("config"_L1).toObject());
        return 0;
    }
    const ApiResult result = run.getResult(u"/v1/config/history"_s, u"configuration history"_s);
    if (run.json())
        return run.printJson(result.json);
    TextTable table({u""_s, u"VERSION"_s, u"AT"_s, u"BY"_s, u"NOTE"_s});
    for (const QJsonValue &value : result.json.toObject().value("versions"_L1).toArray()) {
        const QJsonObject row = value.toObject();
        const qint64 version = row.value("version"_L1).toInteger();
        table.addRow({version == result.etagVersion() ? u"*"_s : QString(),
                      QString::number(version), showTime(row.value("at"_L1)),
                      row.value("actor"_L1).toString(), row.value("note"_L1).toString()});
    }
    table.write(run.out());
    run.out() << "\n* the version in force\n";
    return 0;
}

int runLimitsDiff(CtlRun &run)
{
    const QString path = run.arg(0);
    const Result<EngineConfig> file = readConfigFile(path);
    if (!file.ok())
        CtlRun::fail(ExitCode::Invalid, describeErrors(file.error().fields).trimmed());
    const QJsonObject answer = run.get(u"/v1/config"_s, u"configuration"_s);
    const Result<EngineConfig> gateway = configFromJson(answer.value("config"_L1).toObject());
    if (!gateway.ok())
        CtlRun::fail(ExitCode::Error, u"cannot read the gateway's configuration: %1"_s.arg(
                                          describeErrors(gateway.error().fields).trimmed()));
    const QList<ConfigChange> changes = diffConfigs(*gateway, *file);
    const qint64 version = answer.value("version"_L1).toInteger();
    if (run.json()) {
        return run.printJson(QJsonObject{
            {u"version"_s, version}, {u"file"_s, path}, {u"changes"_s, changesToJson(changes)}});
    }
    if (changes.isEmpty()) {
        run.out() << u"%1 matches the gateway's configuration (version %2).\n"_s.arg(path).arg(
            version);
        return 0;
    }
    TextTable table({u"PATH"_s, u"GATEWAY (VERSION %1)"_s.arg(version), u"FILE"_s});
    for (const ConfigChange &change : changes)
        table.addRow({change.path, change.before, change.after});
    table.write(run.out());
    return 0;
}

} // namespace sluice::ctl
