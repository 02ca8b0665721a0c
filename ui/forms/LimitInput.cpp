#include "forms/LimitInput.h"

#include "forms/LimitSpinBox.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

LimitInput::LimitInput(LimitField field, const QString &path, bool optional, QWidget *parent)
    : QWidget(parent)
    , m_field(field)
    , m_path(path)
    , m_spin(new LimitSpinBox(this))
    , m_message(new QLabel(this))
{
    const ConfigLimit &limit = configLimit(field);
    const bool duration = limit.unit == "ms"_L1;
    m_spin->setDurationMode(duration);
    m_spin->setRange(limit.min, limit.max);
    m_spin->setDecimals(limit.decimals);
    m_spin->setSingleStep(duration ? (limit.min >= 1000 ? 1000.0 : 100.0)
                                   : limit.integral ? 1.0 : 0.05);
    m_spin->setGroupSeparatorShown(!duration && limit.integral && limit.max >= 10'000);
    m_spin->setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    m_spin->setKeyboardTracking(true);
    if (!limit.unit.isEmpty() && !duration)
        m_spin->setSuffix(u' ' + QString(limit.unit));
    m_spin->setAccessibleName(label());
    m_rangeTip = QString(limit.label) % u": "_s % describeExpected(field) %
                 (limit.unit.isEmpty() ? QString() : u" "_s % QString(limit.unit)) %
                 (duration ? u"; type e.g. 90 s, 5 min, 1 h 30 min or a number of ms"_s
                           : QString());
    m_spin->setFixedWidth(220);
    updateToolTip();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_spin);
    if (optional) {
        m_unlimited = new QCheckBox(u"Unlimited"_s, this);
        row->addWidget(m_unlimited);
        connect(m_unlimited, &QCheckBox::toggled, this, [this](bool unlimited) {
            m_spin->setEnabled(!unlimited);
            if (!m_loading)
                emit edited();
        });
    }
    row->addStretch();

    m_message->setWordWrap(true);
    QFont bold = m_message->font();
    bold.setBold(true);
    m_message->setFont(bold);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_message);

    connect(m_spin->editor(), &QLineEdit::textChanged, this, &LimitInput::onTextChanged);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this] {
        updateToolTip();
        if (!m_loading)
            emit edited();
    });
}

QString LimitInput::label() const
{
    return QString(configLimit(m_field).label);
}

void LimitInput::setValue(std::optional<double> value)
{
    m_loading = true;
    if (m_unlimited)
        m_unlimited->setChecked(!value.has_value());
    m_spin->setEnabled(value.has_value() || !m_unlimited);
    if (value)
        m_spin->setValue(*value);
    m_loading = false;
    onTextChanged(); // the spin box changes its text without a signal
    updateToolTip();
    setError({});
}

void LimitInput::setBaseline(std::optional<double> value)
{
    m_baseline = value;
    m_hasBaseline = true;
}

bool LimitInput::isChanged() const
{
    return m_hasBaseline && value() != m_baseline;
}

QString LimitInput::display(std::optional<double> value) const
{
    if (!value)
        return u"unlimited"_s;
    return m_spin->textFromValue(*value) + m_spin->suffix();
}

QString LimitInput::raw(std::optional<double> value) const
{
    if (!value)
        return u"unlimited"_s;
    const QLatin1StringView unit = configLimit(m_field).unit;
    return formatConfigNumber(*value) % (unit.isEmpty() ? QString() : u' ' + QString(unit));
}

QString LimitInput::baselineText() const
{
    if (!m_hasBaseline)
        return {};
    const QString shown = display(m_baseline);
    const QString exact = raw(m_baseline);
    return shown == exact ? shown : shown % u" ("_s % exact % u')';
}

std::optional<double> LimitInput::value() const
{
    if (m_unlimited && m_unlimited->isChecked())
        return std::nullopt;
    return m_spin->value();
}

void LimitInput::setError(const QString &message)
{
    m_error = message;
    showMessage();
}

QString LimitInput::error() const
{
    return m_error;
}

void LimitInput::setReadOnly(bool readOnly, const QString &why)
{
    m_spin->setReadOnly(readOnly);
    m_spin->setButtonSymbols(readOnly ? QAbstractSpinBox::NoButtons
                                      : QAbstractSpinBox::UpDownArrows);
    if (m_unlimited) {
        m_unlimited->setEnabled(!readOnly);
        m_unlimited->setToolTip(readOnly ? why : QString());
    }
    m_readOnlyWhy = readOnly ? why : QString();
    updateToolTip();
}

void LimitInput::updateToolTip()
{
    if (!m_readOnlyWhy.isEmpty()) {
        m_spin->setToolTip(m_readOnlyWhy);
        return;
    }
    m_spin->setToolTip(u"Exactly "_s % raw(value()) % u"\n"_s % m_rangeTip);
}

void LimitInput::onTextChanged()
{
    QString problem;
    if (!m_spin->hasAcceptableInput()) {
        const std::optional<double> typed = m_spin->typedValue();
        const std::optional<FieldError> error =
            typed ? checkLimit(m_field, label(), *typed) : std::nullopt;
        problem = error ? error->message : label() % u" must be "_s % describeExpected(m_field);
    }
    if (problem != m_problem) {
        m_problem = problem;
        showMessage();
        emit problemChanged();
    }
}

void LimitInput::showMessage()
{
    const QString text = !m_problem.isEmpty() ? m_problem : m_error;
    m_message->setText(text.isEmpty() ? QString() : u"⚠ "_s + text);
    m_message->setVisible(!text.isEmpty());
}

} // namespace sluice
