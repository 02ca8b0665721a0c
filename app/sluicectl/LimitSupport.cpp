#include "LimitSupport.h"

#include "CtlRun.h"
#include "TextTable.h"

#include <QRegularExpression>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
QLatin1StringView listName(bool tier)
{
    return tier ? "tiers"_L1 : "pools"_L1;
}
} // namespace

std::optional<QJsonObject> namedItem(const QJsonObject &config, bool tier, const QString &name)
{
    for (const QJsonValue &value : config.value(listName(tier)).toArray()) {
        if (value.toObject().value("name"_L1).toString() == name)
            return value.toObject();
    }
    return std::nullopt;
}

QString unknownItemMessage(const QJsonObject &config, bool tier, const QString &name)
{
    QStringList names;
    for (const QJsonValue &value : config.value(listName(tier)).toArray())
        names << value.toObject().value("name"_L1).toString();
    return u"there is no %1 '%2' (%3: %4)"_s.arg(tier ? u"tier"_s : u"pool"_s, name,
                                                 QString(listName(tier)),
                                                 names.isEmpty() ? u"none"_s : names.join(u", "_s));
}

QJsonArray changesToJson(const QList<ConfigChange> &changes)
{
    QJsonArray array;
    for (const ConfigChange &change : changes)
        array.append(QJsonObject{
            {u"path"_s, change.path}, {u"before"_s, change.before}, {u"after"_s, change.after}});
    return array;
}

QJsonValue parseValue(const QString &text)
{
    static const QRegularExpression integer(u"^-?[0-9]+$"_s);
    static const QRegularExpression decimal(u"^-?[0-9]*\\.[0-9]+$|^-?[0-9]+\\.[0-9]*$"_s);
    const QString lower = text.toLower();
    if (lower == u"unlimited" || lower == u"null" || lower == u"none")
        return QJsonValue(QJsonValue::Null);
    if (lower == u"true" || lower == u"false")
        return QJsonValue(lower == u"true");
    if (integer.match(text).hasMatch() && text.size() < 16)
        return QJsonValue(text.toLongLong());
    if (decimal.match(text).hasMatch())
        return QJsonValue(text.toDouble());
    return QJsonValue(text);
}

qint32 baseVersion(CtlRun &run, qint32 read)
{
    return qint32(run.intOption(u"if-match"_s, read, 1, INT32_MAX));
}

int applyConfigChange(CtlRun &run, qint32 basedOn, const QString &what,
                      const std::function<ApiResult(qint32)> &send)
{
    ApiResult result = send(basedOn);
    if (result.status == 412) {
        const QJsonObject body = result.json.toObject();
        const qint64 current = body.value("current_version"_L1).toInteger(result.etagVersion());
        if (!run.isSet(u"force"_s))
            throw CtlFailure{
                ExitCode::Conflict,
                u"%1: the configuration is at version %2 now, not version %3 that this change was "
                "made from; nothing changed. See what changed (sluicectl limits history), then run "
                "the command again, or add --force to make the change on version %2"_s.arg(
                    what, QString::number(current), QString::number(basedOn)),
                body};
        run.err() << u"The configuration moved from version %1 to %2 meanwhile; --force: making "
                     "the change on version %2.\n"_s.arg(QString::number(basedOn),
                                                         QString::number(current));
        result = send(qint32(current));
    }
    const QJsonObject answer = CtlRun::expect(result, what);
    if (run.json())
        return run.printJson(answer);
    const QJsonArray changes = answer.value("changes"_L1).toArray();
    const QString version = QString::number(answer.value("version"_L1).toInteger());
    if (changes.isEmpty()) {
        run.out() << u"Nothing changed; version %1 is in force.\n"_s.arg(version);
        return 0;
    }
    run.out() << u"Version %1 is in force:\n\n"_s.arg(version);
    TextTable table({u"PATH"_s, u"BEFORE"_s, u"AFTER"_s});
    for (const QJsonValue &value : changes) {
        const QJsonObject change = value.toObject();
        table.addRow({change.value("path"_L1).toString(), change.value("before"_L1).toString(),
                      change.value("after"_L1).toString()});
    }
    table.write(run.out());
    return 0;
}

} // namespace sluice::ctl
