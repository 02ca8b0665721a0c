#include "forms/LimitSpinBox.h"

#include <QLineEdit>

namespace sluice {

QValidator::State LimitSpinBox::validate(QString &text, int &pos) const
{
    const QValidator::State state = QDoubleSpinBox::validate(text, pos);
    if (state != QValidator::Invalid)
        return state;
    QString number = text;
    if (number.startsWith(prefix()))
        number.remove(0, prefix().size());
    if (number.endsWith(suffix()))
        number.chop(suffix().size());
    bool ok = false;
    locale().toDouble(number.trimmed(), &ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid;
}

QString LimitSpinBox::typedText() const
{
    QString text = lineEdit()->text();
    if (text.startsWith(prefix()))
        text.remove(0, prefix().size());
    if (text.endsWith(suffix()))
        text.chop(suffix().size());
    return text.trimmed();
}

} // namespace sluice
