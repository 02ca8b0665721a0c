// limits set, apply, preset, rollback: configuration changes (admin), each sent with If-Match
// of the version it was made from, so that a change in between is a conflict, not lost.

#include "Commands.h"
#include "CtlRun.h"
#include "LimitSupport.h"

#include "config/ConfigJson.h"
#include "config/TomlConfigReader.h"

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kMaxNote = 1000;

/// The version in force, read from the gateway unless --if-match names one.
qint32 versionToChange(CtlRun &run)
{
    if (run.isSet(u"if-match"_s))
        return baseVersion(run, 0);
    const ApiResult read = run.getResult(u"/v1/config"_s, u"configuration"_s);
    return read.etagVersion();
}

QJsonObject withNote(CtlRun &run, QJsonObject body)
{
    if (run.isSet(u"note"_s)) {
        const QString note = run.value(u"note"_s);
        if (note.size() > kMaxNote)
            CtlRun::fail(
                ExitCode::Usage,
                u"--note must be at most %1 characters (got %2)"_s.arg(kMaxNote).arg(note.size()));
        body.insert(u"note"_s, note);
    }
    return body;
}

/// KEY=VALUE arguments as the members of a pool or tier; "retry.max_retries=5" nests.
QJsonObject memberChanges(const QStringList &assignments)
{
    QJsonObject members;
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        const QString key = assignment.left(equals).trimmed();
        if (equals <= 0 || key.isEmpty())
            CtlRun::fail(ExitCode::Usage,
                         u"'%1' is not KEY=VALUE (e.g. requests_per_minute=100)"_s.arg(assignment));
        if (key == u"name")
            CtlRun::fail(ExitCode::Usage, u"name cannot be changed with limits set"_s);
        const QJsonValue value = parseValue(assignment.mid(equals + 1).trimmed());
        const QStringList path = key.split(u'.');
        if (path.size() > 2 || path.contains(QString()))
            CtlRun::fail(ExitCode::Usage, u"'%1' is not a field: use NAME or GROUP.NAME, e.g. "
                                          "retry.max_retries"_s.arg(key));
        if (path.size() == 1) {
            if (members.contains(key))
                CtlRun::fail(ExitCode::Usage, u"%1 is given twice"_s.arg(key));
            members.insert(key, value);
            continue;
        }
        QJsonObject group = members.value(path[0]).toObject();
        if (group.contains(path[1]))
            CtlRun::fail(ExitCode::Usage, u"%1 is given twice"_s.arg(key));
        group.insert(path[1], value);
        members.insert(path[0], group);
    }
    return members;
}
} // namespace

int runLimitsSet(CtlRun &run)
{
    const bool tier = run.isSet(u"tier"_s);
    const QString name = run.arg(0);
    const QJsonObject members = memberChanges(run.args().mid(1));
    const QString kind = tier ? u"tier"_s : u"pool"_s;
    const ApiResult read = run.getResult(u"/v1/config"_s, u"configuration"_s);
    const QJsonObject config = read.json.toObject().value("config"_L1).toObject();
    if (!run.isSet(u"create"_s) && !namedItem(config, tier, name))
        CtlRun::fail(ExitCode::NotFound,
                     unknownItemMessage(config, tier, name) + u"; --create adds it"_s);
    const qint32 basedOn = baseVersion(run, read.etagVersion());
    const QJsonObject body = withNote(run, {{kind, members}});
    const QString path = u"/v1/config/%1s/%2"_s.arg(kind, pathSegment(name));
    return applyConfigChange(
        run, basedOn, u"limits of %1 '%2'"_s.arg(kind, name),
        [&](qint32 version) { return run.client().send("PUT", path, body, version); });
}

int runLimitsApply(CtlRun &run)
{
    const QString file = run.arg(0);
    const Result<EngineConfig> config = readConfigFile(file);
    if (!config.ok())
        CtlRun::fail(ExitCode::Invalid, describeErrors(config.error().fields).trimmed());
    const QJsonObject body = withNote(run, {{u"config"_s, configToJson(*config)}});
    return applyConfigChange(
        run, versionToChange(run), u"configuration from %1"_s.arg(file),
        [&](qint32 version) { return run.client().send("PUT", u"/v1/config"_s, body, version); });
}

int runLimitsPreset(CtlRun &run)
{
    const QString pool = run.arg(0);
    const QJsonObject body = withNote(run, {{u"preset"_s, run.arg(1)}});
    const QString path = u"/v1/config/pools/%1/preset"_s.arg(pathSegment(pool));
    return applyConfigChange(
        run, versionToChange(run), u"preset %1 for pool '%2'"_s.arg(run.arg(1), pool),
        [&](qint32 version) { return run.client().send("POST", path, body, version); });
}

int runLimitsRollback(CtlRun &run)
{
    const qint64 target = run.intArg(0, u"VERSION"_s, 1, INT32_MAX);
    const QJsonObject body{{u"version"_s, target}};
    return applyConfigChange(
        run, versionToChange(run), u"rollback to version %1"_s.arg(target), [&](qint32 version) {
            return run.client().send("POST", u"/v1/config/rollback"_s, body, version);
        });
}

} // namespace sluice::ctl
