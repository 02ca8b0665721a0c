#pragma once

// Internal to core/config: the named lists of the configuration's JSON form (pools, tiers,
// prices, alert rules), whose entries are matched by name rather than by position. Used by the
// diff and the three-way merge. Reentrant.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <array>
#include <optional>

namespace sluice::namedlists {

/// The members that name an entry, in the order they are looked for.
inline constexpr std::array kNameKeys{u"name", u"model", u"id"};

/// The name of an entry of a named list, or nullopt when it has none.
inline std::optional<QString> entryName(const QJsonValue &entry)
{
    const QJsonObject object = entry.toObject();
    for (const char16_t *key : kNameKeys) {
        if (object.value(QStringView(key)).isString())
            return object.value(QStringView(key)).toString();
    }
    return std::nullopt;
}

/// An array whose every entry has a name.
inline bool isNamedList(const QJsonValue &value)
{
    const QJsonArray array = value.toArray();
    return value.isArray() && std::all_of(array.begin(), array.end(), [](const QJsonValue &entry) {
               return entryName(entry).has_value();
           });
}

/// The entry of `list` named `name`; undefined when there is none.
inline QJsonValue entryNamed(const QJsonArray &list, const QString &name)
{
    const auto found = std::find_if(list.begin(), list.end(), [&name](const QJsonValue &entry) {
        return entryName(entry) == name;
    });
    return found == list.end() ? QJsonValue(QJsonValue::Undefined) : *found;
}

} // namespace sluice::namedlists
