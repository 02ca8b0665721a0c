#pragma once

#include <QStringList>

class QComboBox;

namespace sluice {

/// Replaces a combo box's items with `items` only when they differ, keeping the current
/// text selected when it is still there (else the first item). Emits the combo box's
/// change signals only when the selection really changes. Returns whether items changed.
bool setComboItems(QComboBox *box, const QStringList &items);

} // namespace sluice
