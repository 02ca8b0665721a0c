#include "widgets/RolePolicy.h"

#include "protocol/WireRecords.h"

#include <QAction>
#include <QWidget>

namespace sluice {

using namespace Qt::StringLiterals;

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
