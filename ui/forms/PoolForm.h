#pragma once

#include "config/PoolConfig.h"
#include "forms/LimitForm.h"

class QPushButton;

namespace sluice {

/// One pool's limits and retry policy, every input bounded by ConfigLimits, with the
/// Conservative / Balanced / Aggressive presets (requests per minute and concurrency).
class PoolForm : public LimitForm
{
    Q_OBJECT

public:
    explicit PoolForm(QWidget *parent = nullptr);

    /// Shows `pool`; the inputs whose value differs from `inForce` (the pool as applied; none
    /// for a pool not applied yet) are marked as changed.
    void setPool(const PoolConfig &pool, const PoolConfig *inForce = nullptr);
    /// The pool as loaded, with the values of the inputs.
    PoolConfig pool() const;
    void setReadOnly(bool readOnly, const QString &why) override;
    QPushButton *presetButton(const QString &name) const;

private:
    static QList<std::pair<QString, std::optional<double>>> fields(const PoolConfig &pool);
    void applyPresetNamed(const QString &name);

    PoolConfig m_pool;
    QList<QPushButton *> m_presetButtons;
};

} // namespace sluice
