#include "forms/PoolForm.h"

#include "config/ConfigPresets.h"
#include "forms/LimitInput.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
template<typename T> std::optional<double> asOptional(const std::optional<T> &value)
{
    return value ? std::optional<double>(double(*value)) : std::nullopt;
}

template<typename T> std::optional<T> toOptional(const std::optional<double> &value)
{
    return value ? std::optional<T>(T(*value)) : std::nullopt;
}
} // namespace

PoolForm::PoolForm(QWidget *parent)
    : LimitForm(parent)
{
    auto *presets = new QHBoxLayout;
    for (const ConfigPreset &preset : configPresets()) {
        auto *button = new QPushButton(preset.name, this);
        button->setToolTip(preset.description % u"\n"_s %
                           QString::number(preset.requestsPerMinute) % u" requests/min, "_s %
                           QString::number(preset.maxConcurrent) % u" concurrent"_s);
        connect(button, &QPushButton::clicked, this,
                [this, name = preset.name] { applyPresetNamed(name); });
        presets->addWidget(button);
        m_presetButtons << button;
    }
    presets->addStretch();
    formLayout()->addRow(u"Preset:"_s, presets);

    addInput(LimitField::MaxConcurrent, u"max_concurrent"_s);
    addInput(LimitField::RequestsPerMinute, u"requests_per_minute"_s, true);
    addInput(LimitField::TokensPerMinute, u"tokens_per_minute"_s, true);
    addInput(LimitField::MaxQueueLength, u"max_queue_length"_s);
    addInput(LimitField::QueueTimeoutMs, u"queue_timeout_ms"_s);
    addInput(LimitField::LeaseIdleTimeoutMs, u"lease_idle_timeout_ms"_s);
    auto *retry = new QLabel(u"Retry policy"_s, this);
    QFont bold = retry->font();
    bold.setBold(true);
    retry->setFont(bold);
    formLayout()->addRow(retry);
    addInput(LimitField::MaxRetries, u"retry.max_retries"_s);
    addInput(LimitField::BaseDelayMs, u"retry.base_delay_ms"_s);
    addInput(LimitField::MaxDelayMs, u"retry.max_delay_ms"_s);
    addInput(LimitField::BackoffFactor, u"retry.backoff_factor"_s);
}

QList<std::pair<QString, std::optional<double>>> PoolForm::fields(const PoolConfig &pool)
{
    return {
        {u"max_concurrent"_s, pool.maxConcurrent},
        {u"requests_per_minute"_s, asOptional(pool.requestsPerMinute)},
        {u"tokens_per_minute"_s, asOptional(pool.tokensPerMinute)},
        {u"max_queue_length"_s, pool.maxQueueLength},
        {u"queue_timeout_ms"_s, double(pool.queueTimeoutMs)},
        {u"lease_idle_timeout_ms"_s, double(pool.leaseIdleTimeoutMs)},
        {u"retry.max_retries"_s, pool.retry.maxRetries},
        {u"retry.base_delay_ms"_s, pool.retry.baseDelayMs},
        {u"retry.max_delay_ms"_s, pool.retry.maxDelayMs},
        {u"retry.backoff_factor"_s, pool.retry.backoffFactor},
    };
}

void PoolForm::setPool(const PoolConfig &pool, const PoolConfig *inForce)
{
    m_pool = pool;
    for (const auto &[path, value] : fields(pool))
        input(path)->setValue(value);
    setBaselines(inForce ? fields(*inForce) : QList<std::pair<QString, std::optional<double>>>{});
}

PoolConfig PoolForm::pool() const
{
    PoolConfig pool = m_pool;
    pool.maxConcurrent = int(input(u"max_concurrent"_s)->value().value_or(pool.maxConcurrent));
    pool.requestsPerMinute = toOptional<int>(input(u"requests_per_minute"_s)->value());
    pool.tokensPerMinute = toOptional<qint64>(input(u"tokens_per_minute"_s)->value());
    pool.maxQueueLength = int(input(u"max_queue_length"_s)->value().value_or(0));
    pool.queueTimeoutMs = qint64(input(u"queue_timeout_ms"_s)->value().value_or(0));
    pool.leaseIdleTimeoutMs = qint64(input(u"lease_idle_timeout_ms"_s)->value().value_or(0));
    pool.retry.maxRetries = int(input(u"retry.max_retries"_s)->value().value_or(0));
    pool.retry.baseDelayMs = int(input(u"retry.base_delay_ms"_s)->value().value_or(0));
    pool.retry.maxDelayMs = int(input(u"retry.max_delay_ms"_s)->value().value_or(0));
    pool.retry.backoffFactor = input(u"retry.backoff_factor"_s)->value().value_or(1.0);
    return pool;
}

void PoolForm::setReadOnly(bool readOnly, const QString &why)
{
    LimitForm::setReadOnly(readOnly, why);
    for (QPushButton *button : std::as_const(m_presetButtons)) {
        button->setEnabled(!readOnly);
        if (readOnly)
            button->setToolTip(why);
    }
}

QPushButton *PoolForm::presetButton(const QString &name) const
{
    for (QPushButton *button : m_presetButtons) {
        if (button->text() == name)
            return button;
    }
    return nullptr;
}

void PoolForm::applyPresetNamed(const QString &name)
{
    PoolConfig pool = this->pool();
    if (!applyPreset(pool, name))
        return;
    input(u"requests_per_minute"_s)->setValue(asOptional(pool.requestsPerMinute));
    input(u"max_concurrent"_s)->setValue(pool.maxConcurrent);
    updateMarks();
    emit edited();
}

} // namespace sluice
