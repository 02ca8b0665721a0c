#include "widgets/ComboItems.h"

#include <QComboBox>

namespace sluice {

bool setComboItems(QComboBox *box, const QStringList &items)
{
    bool same = box->count() == items.size();
    for (int i = 0; same && i < box->count(); ++i)
        same = box->itemText(i) == items.at(i);
    if (same)
        return false;
    const QString current = box->currentText();
    {
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(items);
        box->setCurrentIndex(std::max(0, box->findText(current)));
    }
    if (box->currentText() != current) {
        emit box->currentIndexChanged(box->currentIndex());
        emit box->currentTextChanged(box->currentText());
    }
    return true;
}

} // namespace sluice
