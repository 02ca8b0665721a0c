#include "forms/LimitSpinBox.h"

#include "forms/DurationText.h"

#include <QCoreApplication>
#include <QFocusEvent>
#include <QLineEdit>

namespace sluice {

namespace {
QString stripAffixes(QString text, const QString &prefix, const QString &suffix)
{
    if (text.startsWith(prefix))
        text.remove(0, prefix.size());
    if (!suffix.isEmpty() && text.endsWith(suffix))
        text.chop(suffix.size());
    return text.trimmed();
}
} // namespace

QValidator::State LimitSpinBox::validate(QString &text, int &pos) const
{
    if (m_duration) {
        qint64 ms = 0;
        switch (DurationText::parse(text, &ms)) {
        case DurationText::Parse::Complete:
            return double(ms) >= minimum() && double(ms) <= maximum() ? QValidator::Acceptable
                                                                      : QValidator::Intermediate;
        case DurationText::Parse::Incomplete:
            return QValidator::Intermediate;
        case DurationText::Parse::Invalid:
            return QValidator::Invalid;
        }
    }
    const QValidator::State state = QDoubleSpinBox::validate(text, pos);
    if (state != QValidator::Invalid)
        return state;
    bool ok = false;
    locale().toDouble(stripAffixes(text, prefix(), suffix()), &ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid;
}

QString LimitSpinBox::textFromValue(double value) const
{
    if (m_duration)
        return DurationText::format(qint64(value));
    return QDoubleSpinBox::textFromValue(value);
}

double LimitSpinBox::valueFromText(const QString &text) const
{
    if (m_duration) {
        qint64 ms = 0;
        if (DurationText::parse(text, &ms) == DurationText::Parse::Complete)
            return double(ms);
        return value();
    }
    return QDoubleSpinBox::valueFromText(text);
}

QString LimitSpinBox::typedText() const
{
    return stripAffixes(lineEdit()->text(), prefix(), suffix());
}

std::optional<double> LimitSpinBox::typedValue() const
{
    if (m_duration) {
        qint64 ms = 0;
        if (DurationText::parse(typedText(), &ms) == DurationText::Parse::Complete)
            return double(ms);
        return std::nullopt;
    }
    bool ok = false;
    const double typed = locale().toDouble(typedText(), &ok);
    return ok ? std::optional<double>(typed) : std::nullopt;
}

void LimitSpinBox::focusOutEvent(QFocusEvent *event)
{
    // QAbstractSpinBox would put back the last acceptable value (with keyboard tracking
    // 20000 while typing 200000) without a textChanged: the box and the error would differ.
    if (!hasAcceptableInput() && typedValue()) {
        QCoreApplication::sendEvent(lineEdit(), event);
        QWidget::focusOutEvent(event);
        return;
    }
    QDoubleSpinBox::focusOutEvent(event);
}

} // namespace sluice
