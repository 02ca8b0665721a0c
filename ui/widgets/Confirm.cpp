#include "widgets/Confirm.h"

#include <QMessageBox>

namespace sluice {

ConfirmFn messageBoxConfirm()
{
    return [](QWidget *parent, const QString &title, const QString &question) {
        return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
}

} // namespace sluice
