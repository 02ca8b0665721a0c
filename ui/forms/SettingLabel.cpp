#include "forms/SettingLabel.h"

#include "config/ConfigLimits.h"

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
} // namespace

QString settingLabel(const QString &path)
{
    const QStringList parts = path.split(u'.');
    if (parts.size() == 1) {
        const ConfigLimit *limit = findConfigLimit(LimitScope::Global, parts.first());
        return limit ? QString(limit->label) : path;
    }
    for (const ListScope &list : kLists) {
        if (parts.first() != list.list)
            continue;
        const QString &entry = parts.at(1);
        if (parts.size() == 2)
            return list.noun.toString() + u' ' + entry;
        const bool retry =
            list.scope == LimitScope::Pool && parts.size() == 4 && parts.at(2) == u"retry";
        if (parts.size() == 3 || retry) {
            const ConfigLimit *limit =
                findConfigLimit(retry ? LimitScope::Retry : list.scope, parts.last());
            if (limit)
                return entry + u" · "_s + QString(limit->label);
        }
        return entry + u" · "_s + parts.sliced(2).join(u'.');
    }
    return path;
}

} // namespace sluice
