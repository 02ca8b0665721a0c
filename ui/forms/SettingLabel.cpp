#include "forms/SettingLabel.h"

#include "config/ConfigLimits.h"
#include "forms/DurationText.h"

#include <QStringList>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
struct ListScope
{
    QStringView list;
    QStringView noun;
    LimitScope scope;
};

constexpr ListScope kLists[] = {
    {u"pools", u"pool", LimitScope::Pool},
    {u"tiers", u"tier", LimitScope::Tier},
    {u"alert_rules", u"alert rule", LimitScope::AlertRule},
    {u"pricing", u"price of", LimitScope::Pricing},
};

/// The bounded field a configuration path (split at its dots) names, if any.
const ConfigLimit *limitOf(const QStringList &parts)
{
    if (parts.size() == 1)
        return findConfigLimit(LimitScope::Global, parts.first());
    for (const ListScope &list : kLists) {
        if (parts.first() != list.list || parts.size() < 3)
            continue;
        const bool retry =
            list.scope == LimitScope::Pool && parts.size() == 4 && parts.at(2) == u"retry";
        if (parts.size() == 3 || retry)
            return findConfigLimit(retry ? LimitScope::Retry : list.scope, parts.last());
    }
    return nullptr;
}
} // namespace

QString settingLabel(const QString &path)
{
    const QStringList parts = path.split(u'.');
    if (parts.size() == 1) {
        const ConfigLimit *limit = limitOf(parts);
        return limit ? QString(limit->label) : path;
    }
    for (const ListScope &list : kLists) {
        if (parts.first() != list.list)
            continue;
        const QString &entry = parts.at(1);
        if (parts.size() == 2)
            return list.noun.toString() + u' ' + entry;
        if (const ConfigLimit *limit = limitOf(parts))
            return entry + u" · "_s + QString(limit->label);
        return entry + u" · "_s + parts.sliced(2).join(u'.');
    }
    return path;
}

QString settingValue(const QString &path, const QString &value)
{
    const ConfigLimit *limit = limitOf(path.split(u'.'));
    bool whole = false;
    const qint64 ms = value.toLongLong(&whole);
    if (!limit || limit->unit != "ms"_L1 || !whole)
        return value;
    return DurationText::format(ms);
}

} // namespace sluice
