#include "config/ConfigDiff.h"

#include "config/ConfigFields.h"
#include "config/ConfigJson.h"
#include "config/NamedLists.h"
#include "util/Redact.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;
using fields::childPath;

using namedlists::entryName;
using namedlists::isNamedList;
using namedlists::kNameKeys;

bool isLimitKey(QStringView key)
{
    const auto limits = configLimits();
    return std::any_of(limits.begin(), limits.end(),
                       [key](const ConfigLimit &limit) { return limit.key == key; });
}

QString describe(const QJsonValue &value, QStringView key)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return formatConfigNumber(value.toDouble());
    case QJsonValue::String:
        return value.toString().isEmpty() ? u"(none)"_s : value.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    default:
        return isLimitKey(key) ? u"unlimited"_s : u"(none)"_s;
    }
}

void diffValues(const QString &path, QStringView key, const QJsonValue &before,
                const QJsonValue &after, QList<ConfigChange> &changes);

void diffObjects(const QString &path, const QJsonObject &before, const QJsonObject &after,
                 QList<ConfigChange> &changes)
{
    QStringList keys = before.keys() + after.keys();
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const QString &key : std::as_const(keys))
        diffValues(childPath(path, key), key, before.value(key), after.value(key), changes);
}

/// An entry without its name, which its path already carries.
QString describeEntry(const QJsonValue &entry)
{
    QJsonObject object = entry.toObject();
    for (const char16_t *key : kNameKeys)
        object.remove(QStringView(key));
    return describe(object, {});
}

void diffNamedLists(const QString &path, const QJsonArray &before, const QJsonArray &after,
                    QList<ConfigChange> &changes)
{
    const auto find = [](const QJsonArray &list, const QString &name) {
        return std::find_if(list.begin(), list.end(),
                            [&name](const QJsonValue &entry) { return entryName(entry) == name; });
    };
    for (const QJsonValue &entry : before) {
        const QString name = *entryName(entry);
        const auto match = find(after, name);
        if (match == after.end())
            changes << ConfigChange{childPath(path, name), describeEntry(entry), u"(none)"_s};
        else
            diffObjects(childPath(path, name), entry.toObject(), (*match).toObject(), changes);
    }
    for (const QJsonValue &entry : after) {
        const QString name = *entryName(entry);
        if (find(before, name) == before.end())
            changes << ConfigChange{childPath(path, name), u"(none)"_s, describeEntry(entry)};
    }
}

/// Fields whose values are secrets: a change names what it may without them.
bool isSecretKey(QStringView key)
{
    return key == u"alert_webhook_url";
}

ConfigChange secretChange(const QString &path, const QJsonValue &before, const QJsonValue &after)
{
    const auto redact = [](const QJsonValue &value) {
        const QString url = redactedUrl(QUrl(value.toString()));
        return url.isEmpty() ? u"(none)"_s : url;
    };
    ConfigChange change{path, redact(before), redact(after)};
    if (change.before == change.after)
        change.after += u" (changed)"_s;
    return change;
}

void diffValues(const QString &path, QStringView key, const QJsonValue &before,
                const QJsonValue &after, QList<ConfigChange> &changes)
{
    if (isSecretKey(key)) {
        if (before != after)
            changes << secretChange(path, before, after);
        return;
    }
    if (before.isObject() && after.isObject())
        diffObjects(path, before.toObject(), after.toObject(), changes);
    else if (isNamedList(before) && isNamedList(after))
        diffNamedLists(path, before.toArray(), after.toArray(), changes);
    else if (before != after)
        changes << ConfigChange{path, describe(before, key), describe(after, key)};
}
} // namespace

QList<ConfigChange> diffConfigs(const EngineConfig &before, const EngineConfig &after)
{
    QList<ConfigChange> changes;
    diffObjects(QString(), configToJson(before), configToJson(after), changes);
    return changes;
}

QString describeChanges(const QList<ConfigChange> &changes)
{
    QStringList lines;
    lines.reserve(changes.size());
    for (const ConfigChange &change : changes)
        lines << change.path % u": "_s % change.before % u" -> "_s % change.after;
    return lines.join(u'\n');
}

} // namespace sluice
