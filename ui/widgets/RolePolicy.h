#pragma once

#include "protocol/ApiTypes.h"

#include <QString>

class QAction;
class QWidget;

namespace sluice {

/// What a key's role may do in the dashboard, and the sentence shown when it may not.
class RolePolicy
{
public:
    /// Roles are ordered: each includes the ones before it.
    static bool allows(Role have, Role need) { return have >= need; }
    /// e.g. "Needs the admin role; this key is operator."
    static QString deniedReason(Role need, Role have);

    /// Enables `widget` when `have` suffices; otherwise disables it and explains why in its
    /// tooltip. `tip` is the tooltip while allowed.
    static void gate(QWidget *widget, Role need, Role have, const QString &tip = {});
    static void gate(QAction *action, Role need, Role have, const QString &tip = {});
};

} // namespace sluice
