#include "forms/ConfigConflictDialog.h"

#include "forms/ChangeTable.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
/// The changes, with the settings both sides changed marked, as tall as its rows (up to
/// eight) so that both lists show without scrolling.
QTableWidget *conflictTable(const QList<ConfigChange> &changes, const ConfigMerge &merge,
                            QWidget *parent)
{
    QTableWidget *table = changeTable(changes, parent, [&merge](const ConfigChange &change) {
        return merge.conflicting(change) ? u"⚠ both changed"_s : QString();
    });
    table->setMinimumWidth(600);
    const int rows = std::clamp(int(changes.size()), 1, 8);
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() +
                          rows * table->verticalHeader()->defaultSectionSize() +
                          2 * table->frameWidth());
    return table;
}
} // namespace

ConfigConflictDialog::ConfigConflictDialog(const ConfigRebase &rebase, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(u"The configuration changed meanwhile"_s);
    const QString who =
        rebase.actors.isEmpty() ? QString() : u" by "_s % rebase.actors.join(u", "_s);
    auto *intro = new QLabel(
        u"Version %1 was applied%2 while you were editing version %3. Nothing of yours was "
        "applied."_s.arg(QString::number(rebase.current.version), who,
                         QString::number(rebase.baseVersion)),
        this);
    intro->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(new QLabel(u"<b>Changed meanwhile</b>"_s, this));
    layout->addWidget(conflictTable(rebase.merge.theirs, rebase.merge, this));
    layout->addWidget(new QLabel(u"<b>Your edits</b>"_s, this));
    layout->addWidget(conflictTable(rebase.merge.ours, rebase.merge, this));

    auto *outcome = new QLabel(this);
    outcome->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *merge = buttons->addButton(u"Merge my edits"_s, QDialogButtonBox::AcceptRole);
    QPushButton *reload =
        buttons->addButton(u"Discard mine and reload"_s, QDialogButtonBox::DestructiveRole);
    if (rebase.merge.merged) {
        outcome->setText(
            rebase.merge.conflicts.isEmpty()
                ? u"Merge puts your edits on top of version %1; you review and apply them again."_s
                      .arg(rebase.current.version)
                : u"Merge keeps your value where both of you changed a setting (marked ⚠); "
                  "you review and apply again."_s);
        merge->setDefault(true);
    } else {
        outcome->setText(u"Your edits cannot be merged: "_s % describeErrors(rebase.merge.errors));
        merge->setEnabled(false);
        reload->setDefault(true);
    }
    layout->addWidget(outcome);
    layout->addWidget(buttons);
    connect(merge, &QPushButton::clicked, this, [this] {
        m_choice = ConflictChoice::Merge;
        accept();
    });
    connect(reload, &QPushButton::clicked, this, [this] {
        m_choice = ConflictChoice::Reload;
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ConflictChoice ConfigConflictDialog::ask(QWidget *parent, const ConfigRebase &rebase)
{
    ConfigConflictDialog dialog(rebase, parent);
    dialog.exec();
    return dialog.choice();
}

} // namespace sluice
