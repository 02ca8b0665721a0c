#include "forms/AlertRuleEditor.h"

#include "forms/LimitInput.h"
#include "models/AlertNames.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

AlertRuleEditor::AlertRuleEditor(QWidget *parent)
    : QWidget(parent)
    , m_rules(new QListWidget(this))
    , m_ruleTitle(new QLabel(this))
    , m_target(new QComboBox(this))
    , m_threshold(new LimitInput(LimitField::Threshold, u"threshold"_s, false, this))
    , m_clear(new LimitInput(LimitField::ClearBelow, u"clear_below"_s, false, this))
    , m_pending(new LimitInput(LimitField::PendingMs, u"pending_ms"_s, false, this))
    , m_enabled(new QCheckBox(u"Enabled"_s, this))
    , m_webhook(new QLineEdit(this))
    , m_webhookError(new QLabel(this))
{
    m_rules->setMinimumWidth(220);
    auto *ruleBox = new QGroupBox(u"Rule"_s, this);
    auto *form = new QFormLayout(ruleBox);
    form->addRow(m_ruleTitle);
    form->addRow(u"Watches:"_s, m_target);
    form->addRow(u"Fires at:"_s, m_threshold);
    form->addRow(u"Clears below:"_s, m_clear);
    form->addRow(u"Pending time:"_s, m_pending);
    form->addRow(QString(), m_enabled);
    m_ruleTitle->setWordWrap(true);

    auto *webhookBox = new QGroupBox(u"Webhook"_s, this);
    auto *webhookForm = new QFormLayout(webhookBox);
    m_webhook->setPlaceholderText(u"https://hooks.example.com/… (empty: no webhook)"_s);
    m_webhook->setToolTip(u"Alerts are POSTed here as JSON; a Slack-compatible {\"text\": …} "
                          u"body works."_s);
    webhookForm->addRow(u"URL:"_s, m_webhook);
    webhookForm->addRow(m_webhookError);
    m_webhookError->hide();

    auto *right = new QVBoxLayout;
    right->addWidget(ruleBox);
    right->addWidget(webhookBox);
    right->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_rules);
    layout->addLayout(right, 1);

    connect(m_rules, &QListWidget::currentRowChanged, this, [this](int row) {
        storeSelected();
        m_selected = row;
        loadSelected();
    });
    for (LimitInput *input : {m_threshold, m_clear, m_pending}) {
        connect(input, &LimitInput::edited, this, [this] {
            if (!m_loading) {
                storeSelected();
                emit edited();
            }
        });
        connect(input, &LimitInput::problemChanged, this, &AlertRuleEditor::problemsChanged);
    }
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) {
            storeSelected();
            loadSelected();
            emit edited();
        }
    });
    connect(m_enabled, &QCheckBox::toggled, this, [this] {
        if (!m_loading) {
            storeSelected();
            emit edited();
        }
    });
    connect(m_webhook, &QLineEdit::textEdited, this, [this] {
        m_config.alertWebhookUrl = m_webhook->text().trimmed();
        m_webhookError->hide();
        emit edited();
    });
}

void AlertRuleEditor::setConfig(const EngineConfig &config)
{
    m_config = config;
    m_selected = -1;
    const int previous = std::max(0, m_rules->currentRow());
    QSignalBlocker block(m_rules);
    m_rules->clear();
    for (const AlertRule &rule : std::as_const(m_config.alertRules))
        m_rules->addItem(AlertNames::rule(rule));
    m_webhook->setText(config.alertWebhookUrl);
    m_webhookError->hide();
    if (!m_config.alertRules.isEmpty()) {
        m_selected = std::min<int>(previous, int(m_config.alertRules.size()) - 1);
        m_rules->setCurrentRow(m_selected);
    }
    loadSelected();
}

EngineConfig AlertRuleEditor::config() const
{
    return m_config;
}

void AlertRuleEditor::selectRule(int index)
{
    m_rules->setCurrentRow(index);
}

QStringList AlertRuleEditor::ruleTexts() const
{
    QStringList texts;
    for (int row = 0; row < m_rules->count(); ++row)
        texts << m_rules->item(row)->text();
    return texts;
}

void AlertRuleEditor::fillTargets(const AlertRule &rule)
{
    m_target->clear();
    const bool pools = isPoolMetric(rule.metric);
    m_target->addItem(pools ? u"Every pool"_s : u"Every tier"_s, QString());
    QStringList names;
    if (pools) {
        for (const PoolConfig &pool : std::as_const(m_config.pools))
            names << pool.name;
    } else {
        for (const TierConfig &tier : std::as_const(m_config.tiers))
            names << tier.name;
    }
    for (const QString &name : std::as_const(names))
        m_target->addItem(name, name);
    if (!rule.target.isEmpty() && !names.contains(rule.target))
        m_target->addItem(rule.target % u" (not configured)"_s, rule.target);
    m_target->setCurrentIndex(std::max(0, m_target->findData(rule.target)));
}

void AlertRuleEditor::storeSelected()
{
    if (m_loading || m_selected < 0 || m_selected >= m_config.alertRules.size())
        return;
    AlertRule &rule = m_config.alertRules[m_selected];
    rule.threshold = m_threshold->value().value_or(rule.threshold);
    rule.clearBelow = m_clear->value().value_or(rule.clearBelow);
    rule.pendingMs = qint64(m_pending->value().value_or(double(rule.pendingMs)));
    rule.enabled = m_enabled->isChecked();
    if (m_target->currentIndex() >= 0)
        rule.target = m_target->currentData().toString();
    if (QListWidgetItem *item = m_rules->item(m_selected))
        item->setText(AlertNames::rule(rule));
}

void AlertRuleEditor::loadSelected()
{
    const bool valid = m_selected >= 0 && m_selected < m_config.alertRules.size();
    m_loading = true;
    if (valid) {
        const AlertRule &rule = m_config.alertRules.at(m_selected);
        m_ruleTitle->setText(u"<b>"_s % AlertNames::metric(rule.metric).toHtmlEscaped() %
                             u"</b> of "_s %
                             AlertNames::target(rule.metric, rule.target).toHtmlEscaped());
        m_ruleTitle->setToolTip(u"Rule id: "_s % rule.id);
        fillTargets(rule);
        m_threshold->setValue(rule.threshold);
        m_clear->setValue(rule.clearBelow);
        m_pending->setValue(double(rule.pendingMs));
        m_enabled->setChecked(rule.enabled);
    } else {
        m_ruleTitle->setText(u"No alert rules."_s);
        m_target->clear();
    }
    m_loading = false;
}

QStringList AlertRuleEditor::problems() const
{
    QStringList result;
    for (const LimitInput *input : {m_threshold, m_clear, m_pending}) {
        if (!input->problem().isEmpty())
            result << input->problem();
    }
    return result;
}

QList<FieldError> AlertRuleEditor::showErrors(const QList<FieldError> &errors)
{
    QList<FieldError> others;
    const QString prefix = m_selected >= 0 && m_selected < m_config.alertRules.size()
                               ? u"alert_rules."_s % m_config.alertRules.at(m_selected).id % u'.'
                               : QString();
    for (const FieldError &error : errors) {
        LimitInput *input = nullptr;
        for (LimitInput *candidate : {m_threshold, m_clear, m_pending}) {
            if (!prefix.isEmpty() && error.field == prefix + candidate->path())
                input = candidate;
        }
        if (input) {
            input->setError(error.message);
        } else if (error.field == u"alert_webhook_url") {
            m_webhookError->setText(u"⚠ "_s + error.message);
            m_webhookError->show();
        } else {
            others << error;
        }
    }
    return others;
}

void AlertRuleEditor::setReadOnly(bool readOnly, const QString &why)
{
    for (LimitInput *input : {m_threshold, m_clear, m_pending})
        input->setReadOnly(readOnly, why);
    m_enabled->setEnabled(!readOnly);
    m_target->setEnabled(!readOnly);
    m_target->setToolTip(readOnly ? why : QString());
    m_webhook->setReadOnly(readOnly);
    m_enabled->setToolTip(readOnly ? why : QString());
    m_webhook->setToolTip(readOnly ? why : QString());
}

} // namespace sluice
