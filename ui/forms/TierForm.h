#pragma once

#include "config/TierConfig.h"
#include "forms/LimitForm.h"

namespace sluice {

/// One subscription tier: daily quotas, queue priority and per-user concurrency, every
/// input bounded by ConfigLimits.
class TierForm : public LimitForm
{
    Q_OBJECT

public:
    explicit TierForm(QWidget *parent = nullptr);

    /// Shows `tier`; inputs whose value differs from `inForce` (the tier as applied) are
    /// marked as changed.
    void setTier(const TierConfig &tier, const TierConfig *inForce = nullptr);
    /// The tier as loaded, with the values of the inputs.
    TierConfig tier() const;

private:
    static QList<std::pair<QString, std::optional<double>>> fields(const TierConfig &tier);

    TierConfig m_tier;
};

} // namespace sluice
