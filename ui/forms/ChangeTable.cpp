#include "forms/ChangeTable.h"

#include "forms/SettingLabel.h"

#include <QHeaderView>
#include <QTableWidget>

namespace sluice {

using namespace Qt::StringLiterals;

QTableWidget *changeTable(const QList<ConfigChange> &changes, QWidget *parent,
                          const ChangeMark &mark)
{
    auto *table = new QTableWidget(int(changes.size()), mark ? 4 : 3, parent);
    QStringList headers{u"Setting"_s, u"Before"_s, u"After"_s};
    if (mark)
        headers << QString();
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    for (int row = 0; row < changes.size(); ++row) {
        const ConfigChange &change = changes.at(row);
        auto *setting = new QTableWidgetItem(settingLabel(change.path));
        setting->setToolTip(change.path);
        table->setItem(row, 0, setting);
        int column = 1;
        for (const QString &value : {change.before, change.after}) {
            auto *item = new QTableWidgetItem(settingValue(change.path, value));
            if (item->text() != value)
                item->setToolTip(value % u" ms"_s); // the exact value, as configured
            table->setItem(row, column++, item);
        }
        if (const QString text = mark ? mark(change) : QString(); !text.isEmpty())
            table->setItem(row, 3, new QTableWidgetItem(text));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->resizeColumnsToContents();
    return table;
}

} // namespace sluice
