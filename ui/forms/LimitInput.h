#pragma once

#include "config/ConfigLimits.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;

namespace sluice {

class LimitSpinBox;

/// One bounded configuration field: a spin box with the range, decimals and unit of its
/// ConfigLimits entry, an "Unlimited" box for optional limits, and a line under it for what
/// is wrong (text that is out of range while typing, or the server's validation error).
class LimitInput : public QWidget
{
    Q_OBJECT

public:
    /// `path` is the field's place within its pool or tier, e.g. "retry.max_retries".
    LimitInput(LimitField field, const QString &path, bool optional, QWidget *parent = nullptr);

    LimitField field() const { return m_field; }
    QString path() const { return m_path; }
    QString label() const;

    /// nullopt: unlimited (optional fields only).
    void setValue(std::optional<double> value);
    std::optional<double> value() const;
    /// The sentence saying why the typed text cannot be used; empty when it can.
    QString problem() const { return m_problem; }
    /// An error from elsewhere (the server's validation), shown under the field.
    void setError(const QString &message);
    QString error() const;
    void setReadOnly(bool readOnly, const QString &why);

    LimitSpinBox *spinBox() const { return m_spin; }
    QCheckBox *unlimitedBox() const { return m_unlimited; }

signals:
    /// A new value was entered.
    void edited();
    /// problem() changed.
    void problemChanged();

private:
    void onTextChanged();
    void showMessage();

    LimitField m_field;
    QString m_path;
    LimitSpinBox *m_spin;
    QCheckBox *m_unlimited = nullptr;
    QLabel *m_message;
    QString m_problem;
    QString m_error;
    QString m_rangeTip;
    bool m_loading = false;
};

} // namespace sluice
