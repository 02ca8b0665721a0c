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
    /// The value in force (the configuration the form was loaded from): isChanged() compares
    /// with it. Until set, nothing counts as changed.
    void setBaseline(std::optional<double> value);
    void clearBaseline() { m_hasBaseline = false; }
    bool isChanged() const;
    /// The baseline as shown and exactly, e.g. "5 min (300000 ms)"; empty without one.
    QString baselineText() const;
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
    /// The exact value and the range on hover, or why the field is read-only.
    void updateToolTip();
    /// A value as the box shows it ("5 min") and exactly ("300000 ms").
    QString display(std::optional<double> value) const;
    QString raw(std::optional<double> value) const;

    LimitField m_field;
    QString m_path;
    LimitSpinBox *m_spin;
    QCheckBox *m_unlimited = nullptr;
    QLabel *m_message;
    QString m_problem;
    QString m_error;
    QString m_rangeTip;
    QString m_readOnlyWhy;
    std::optional<double> m_baseline;
    bool m_hasBaseline = false;
    bool m_loading = false;
};

} // namespace sluice
