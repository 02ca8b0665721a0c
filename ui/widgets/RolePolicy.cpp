#include "widgets/RolePolicy.h"

#include <QAction>
#include <QWidget>

namespace sluice {

using namespace Qt::StringLiterals;

QString RolePolicy::roleName(Role role)
{
    switch (role) {
    case Role::None:
        return u"none"_s;
    case Role::Client:
        return u"client"_s;
    case Role::Support:
        return u"support"_s;
    case Role::Operator:
        return u"operator"_s;
    case Role::Admin:
        return u"admin"_s;
    }
    return u"none"_s;
}

QString RolePolicy::deniedReason(Role need, Role have)
{
    return u"Needs the "_s % roleName(need) % u" role; this key is "_s % roleName(have) % u'.';
}

void RolePolicy::gate(QWidget *widget, Role need, Role have, const QString &tip)
{
    const bool allowed = allows(have, need);
    widget->setEnabled(allowed);
    widget->setToolTip(allowed ? tip : deniedReason(need, have));
}

void RolePolicy::gate(QAction *action, Role need, Role have, const QString &tip)
{
    const bool allowed = allows(have, need);
    action->setEnabled(allowed);
    action->setToolTip(allowed ? tip : deniedReason(need, have));
}

} // namespace sluice
