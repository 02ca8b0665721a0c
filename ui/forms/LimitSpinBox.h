#pragma once

#include <QDoubleSpinBox>

#include <optional>

class QLineEdit;

namespace sluice {

/// A QDoubleSpinBox that keeps a typed number outside its range as Intermediate text
/// instead of refusing the keystroke, so the form can say what the range is rather than
/// silently ignoring keys. Leaving the field with such text keeps it as typed (with its
/// error) rather than putting back an earlier value the error does not mention.
///
/// In duration mode the value is milliseconds shown as "5 min", "1.5 s" (DurationText),
/// and typed as such or as a bare number of milliseconds.
class LimitSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    using QDoubleSpinBox::QDoubleSpinBox;

    void setDurationMode(bool on) { m_duration = on; }
    bool durationMode() const { return m_duration; }

    QValidator::State validate(QString &text, int &pos) const override;
    QString textFromValue(double value) const override;
    double valueFromText(const QString &text) const override;
    /// The typed text without prefix and suffix.
    QString typedText() const;
    /// The number the typed text stands for (ms in duration mode), in range or not;
    /// nullopt when it is no number.
    std::optional<double> typedValue() const;
    QLineEdit *editor() const { return lineEdit(); }

protected:
    void focusOutEvent(QFocusEvent *event) override;

private:
    bool m_duration = false;
};

} // namespace sluice
