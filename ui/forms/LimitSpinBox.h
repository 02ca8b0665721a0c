#pragma once

#include <QDoubleSpinBox>

class QLineEdit;

namespace sluice {

/// A QDoubleSpinBox that keeps a typed number outside its range as Intermediate text
/// instead of refusing the keystroke, so the form can say what the range is rather than
/// silently ignoring keys. Leaving the field still restores the last valid value.
class LimitSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QValidator::State validate(QString &text, int &pos) const override;
    /// The typed text without prefix and suffix.
    QString typedText() const;
    QLineEdit *editor() const { return lineEdit(); }
};

} // namespace sluice
