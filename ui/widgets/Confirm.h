#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace sluice {

/// Asks people to confirm an action: true to go ahead. Pages take one so that tests can
/// answer (and read the question) without a modal dialog.
using ConfirmFn =
    std::function<bool(QWidget *parent, const QString &title, const QString &question)>;

/// Asks with a QMessageBox (Yes/No, No by default).
ConfirmFn messageBoxConfirm();

} // namespace sluice
