#pragma once

#include "config/EngineConfig.h"
#include "util/Error.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace sluice {

class LimitInput;

/// The alert rules of a configuration (what they watch, by pool or tier name; threshold,
/// clear level, pending time, on/off) and the webhook URL, edited on a copy of the configuration: config() returns it with the
/// edits. Inputs are bounded by ConfigLimits.
class AlertRuleEditor : public QWidget
{
    Q_OBJECT

public:
    explicit AlertRuleEditor(QWidget *parent = nullptr);

    void setConfig(const EngineConfig &config);
    EngineConfig config() const;
    void selectRule(int index);
    /// Sentences for inputs whose text cannot be used.
    QStringList problems() const;
    /// Puts each error on its field; returns those that belong to no field shown.
    QList<FieldError> showErrors(const QList<FieldError> &errors);
    void setReadOnly(bool readOnly, const QString &why);

    LimitInput *thresholdInput() const { return m_threshold; }
    LimitInput *clearInput() const { return m_clear; }
    LimitInput *pendingInput() const { return m_pending; }
    /// What the selected rule watches, by pool or tier name ("Every pool" first).
    QComboBox *targetBox() const { return m_target; }
    /// The rules as listed, e.g. "Concurrency of pool anthropic at 80%".
    QStringList ruleTexts() const;
    QLineEdit *webhookEdit() const { return m_webhook; }

signals:
    void edited();
    void problemsChanged();

private:
    void storeSelected();
    void loadSelected();
    void fillTargets(const AlertRule &rule);

    EngineConfig m_config;
    int m_selected = -1;
    bool m_loading = false;
    QListWidget *m_rules;
    QLabel *m_ruleTitle;
    QComboBox *m_target;
    LimitInput *m_threshold;
    LimitInput *m_clear;
    LimitInput *m_pending;
    QCheckBox *m_enabled;
    QLineEdit *m_webhook;
    QLabel *m_webhookError;
};

} // namespace sluice
