#include "config/ConfigMerge.h"

#include "config/ConfigFields.h"
#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "config/NamedLists.h"

namespace sluice {

namespace {
using fields::childPath;

QJsonValue mergeValues(const QString &path, const QJsonValue &base, const QJsonValue &ours,
                       const QJsonValue &theirs, QStringList &conflicts);

QJsonObject mergeObjects(const QString &path, const QJsonObject &base, const QJsonObject &ours,
                         const QJsonObject &theirs, QStringList &conflicts)
{
    QJsonObject merged;
    QStringList keys = theirs.keys();
    for (const QString &key : ours.keys()) {
        if (!keys.contains(key))
            keys.append(key);
    }
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = mergeValues(childPath(path, key), base.value(key), ours.value(key),
                                             theirs.value(key), conflicts);
        if (!value.isUndefined())
            merged.insert(key, value);
    }
    return merged;
}

/// Entries in their order, then ours that they lack; each merged by name.
QJsonArray mergeNamedLists(const QString &path, const QJsonArray &base, const QJsonArray &ours,
                           const QJsonArray &theirs, QStringList &conflicts)
{
    QStringList names;
    for (const QJsonArray &list : {theirs, ours}) {
        for (const QJsonValue &entry : list) {
            const QString name = *namedlists::entryName(entry);
            if (!names.contains(name))
                names.append(name);
        }
    }
    QJsonArray merged;
    for (const QString &name : std::as_const(names)) {
        const QJsonValue value = mergeValues(
            childPath(path, name), namedlists::entryNamed(base, name),
            namedlists::entryNamed(ours, name), namedlists::entryNamed(theirs, name), conflicts);
        if (!value.isUndefined())
            merged.append(value);
    }
    return merged;
}

QJsonValue mergeValues(const QString &path, const QJsonValue &base, const QJsonValue &ours,
                       const QJsonValue &theirs, QStringList &conflicts)
{
    if (ours == theirs || theirs == base)
        return ours;
    if (ours == base)
        return theirs;
    if (ours.isObject() && theirs.isObject())
        return mergeObjects(path, base.toObject(), ours.toObject(), theirs.toObject(), conflicts);
    const bool baseIsList = base.isUndefined() || namedlists::isNamedList(base);
    if (baseIsList && namedlists::isNamedList(ours) && namedlists::isNamedList(theirs))
        return mergeNamedLists(path, base.toArray(), ours.toArray(), theirs.toArray(), conflicts);
    conflicts.append(path);
    return ours;
}

bool within(const QString &path, const QString &prefix)
{
    return path == prefix || (path.startsWith(prefix) && path.at(prefix.size()) == u'.');
}
} // namespace

bool ConfigMerge::conflicting(const ConfigChange &change) const
{
    return std::any_of(conflicts.begin(), conflicts.end(), [&change](const QString &path) {
        return within(change.path, path) || within(path, change.path);
    });
}

ConfigMerge mergeConfigs(const EngineConfig &base, const EngineConfig &ours,
                         const EngineConfig &theirs)
{
    ConfigMerge result;
    result.theirs = diffConfigs(base, theirs);
    result.ours = diffConfigs(base, ours);
    const QJsonObject merged = mergeObjects({}, configToJson(base), configToJson(ours),
                                            configToJson(theirs), result.conflicts);
    Result<EngineConfig> parsed = configFromJson(merged);
    result.errors = parsed ? validateConfig(*parsed) : parsed.error().fields;
    if (result.errors.isEmpty())
        result.merged = std::move(*parsed);
    return result;
}

} // namespace sluice
