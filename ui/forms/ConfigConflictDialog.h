#pragma once

#include "forms/ConfigRebaser.h"

#include <QDialog>

namespace sluice {

/// What to do with edits whose Apply met a version applied meanwhile.
enum class ConflictChoice : quint8
{
    Merge,  ///< keep the edits on top of the version in force, to review and apply again
    Reload, ///< drop the edits and show the version in force
    Cancel, ///< leave the form as it is
};

/// Shows a CONFIG_CONFLICT the way an admin can decide on it: who applied which version, what
/// it changed, the edits, and the settings both changed (marked), with Merge / Reload / Cancel.
class ConfigConflictDialog : public QDialog
{
    Q_OBJECT

public:
    ConfigConflictDialog(const ConfigRebase &rebase, QWidget *parent = nullptr);

    ConflictChoice choice() const { return m_choice; }

    /// Shows the dialog modally; Cancel when closed.
    static ConflictChoice ask(QWidget *parent, const ConfigRebase &rebase);

private:
    ConflictChoice m_choice = ConflictChoice::Cancel;
};

} // namespace sluice
