#include "forms/LimitForm.h"

#include "forms/LimitInput.h"

#include <QFormLayout>
#include <QLabel>

namespace sluice {

using namespace Qt::StringLiterals;

LimitForm::LimitForm(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QFormLayout(this))
{
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
}

LimitInput *LimitForm::addInput(LimitField field, const QString &path, bool optional)
{
    auto *input = new LimitInput(field, path, optional, this);
    m_layout->addRow(input->label() + u':', input);
    m_inputs.append(input);
    connect(input, &LimitInput::edited, this, [this, input] {
        updateMark(input);
        emit edited();
    });
    connect(input, &LimitInput::problemChanged, this, &LimitForm::problemsChanged);
    return input;
}

QStringList LimitForm::problems() const
{
    QStringList result;
    for (const LimitInput *input : m_inputs) {
        if (!input->problem().isEmpty())
            result << input->problem();
    }
    return result;
}

QList<FieldError> LimitForm::showErrors(const QList<FieldError> &errors, const QString &prefix)
{
    QList<FieldError> others;
    for (const FieldError &error : errors) {
        LimitInput *target = nullptr;
        if (error.field.startsWith(prefix + u'.'))
            target = input(error.field.mid(prefix.size() + 1));
        if (target)
            target->setError(error.message);
        else
            others << error;
    }
    return others;
}

void LimitForm::clearErrors()
{
    for (LimitInput *input : std::as_const(m_inputs))
        input->setError({});
}

void LimitForm::setReadOnly(bool readOnly, const QString &why)
{
    for (LimitInput *input : std::as_const(m_inputs))
        input->setReadOnly(readOnly, why);
}

LimitInput *LimitForm::input(const QString &path) const
{
    for (LimitInput *input : m_inputs) {
        if (input->path() == path)
            return input;
    }
    return nullptr;
}

QLabel *LimitForm::labelFor(const QString &path) const
{
    LimitInput *field = input(path);
    return field ? qobject_cast<QLabel *>(m_layout->labelForField(field)) : nullptr;
}

void LimitForm::setBaselines(const QList<std::pair<QString, std::optional<double>>> &values)
{
    for (LimitInput *field : std::as_const(m_inputs))
        field->clearBaseline();
    for (const auto &[path, value] : values) {
        if (LimitInput *field = input(path))
            field->setBaseline(value);
    }
    updateMarks();
}

void LimitForm::updateMarks()
{
    for (LimitInput *field : std::as_const(m_inputs))
        updateMark(field);
}

void LimitForm::updateMark(LimitInput *field)
{
    auto *label = qobject_cast<QLabel *>(m_layout->labelForField(field));
    if (!label)
        return;
    const bool changed = field->isChanged();
    label->setText(changed ? QString(u"● "_s % field->label() % u':')
                           : QString(field->label() % u':'));
    QFont font = label->font();
    font.setBold(changed);
    label->setFont(font);
    label->setToolTip(changed ? u"Changed from "_s % field->baselineText() % u"; not applied yet"_s
                              : QString());
}

} // namespace sluice
