#include "forms/ConfigDiffDialog.h"

#include "forms/ChangeTable.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

ConfigDiffDialog::ConfigDiffDialog(const QList<ConfigChange> &changes, QWidget *parent)
    : QDialog(parent)
    , m_note(new QLineEdit(this))
{
    setWindowTitle(u"Apply configuration changes"_s);
    auto *intro = new QLabel(
        (changes.size() == 1 ? u"This change"_s : QString::number(changes.size()) % u" changes"_s) %
            u" will take effect at once, as a new configuration version:"_s,
        this);
    intro->setWordWrap(true);

    QTableWidget *table = changeTable(changes, this);
    table->setMinimumWidth(560);

    m_note->setPlaceholderText(u"Why (kept in the history and the audit log)"_s);
    auto *form = new QFormLayout;
    form->addRow(u"Note:"_s, m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(u"Apply"_s, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString ConfigDiffDialog::note() const
{
    return m_note->text().trimmed();
}

std::optional<QString> ConfigDiffDialog::review(QWidget *parent, const QList<ConfigChange> &changes)
{
    ConfigDiffDialog dialog(changes, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.note();
}

} // namespace sluice
