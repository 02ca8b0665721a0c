#pragma once

#include "config/ConfigLimits.h"
#include "util/Error.h"

#include <QList>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace sluice {

class LimitInput;

/// The common part of the pool and tier forms: a column of LimitInputs, what is wrong with
/// them, errors from the server placed next to their fields, and a read-only mode that says
/// why.
class LimitForm : public QWidget
{
    Q_OBJECT

public:
    explicit LimitForm(QWidget *parent = nullptr);

    /// Sentences for every input whose text cannot be used; empty when all can.
    QStringList problems() const;
    /// Shows each error whose field is `prefix` + "." + an input's path next to that input;
    /// returns the others.
    QList<FieldError> showErrors(const QList<FieldError> &errors, const QString &prefix);
    void clearErrors();
    virtual void setReadOnly(bool readOnly, const QString &why);
    LimitInput *input(const QString &path) const;
    /// The label of an input's row: bold with a dot while its value differs from the
    /// baseline, with "Changed from ..." on hover.
    QLabel *labelFor(const QString &path) const;
    const QList<LimitInput *> &inputs() const { return m_inputs; }

signals:
    /// Some value was changed by hand.
    void edited();
    /// problems() changed.
    void problemsChanged();

protected:
    /// Sets each input's baseline (path, value in force; the others have none) and marks the
    /// changed ones.
    void setBaselines(const QList<std::pair<QString, std::optional<double>>> &values);
    /// Marks the changed inputs again (after values were set without an edit signal).
    void updateMarks();
    LimitInput *addInput(LimitField field, const QString &path, bool optional = false);
    QFormLayout *formLayout() const { return m_layout; }

private:
    void updateMark(LimitInput *input);

    QFormLayout *m_layout;
    QList<LimitInput *> m_inputs;
};

} // namespace sluice
