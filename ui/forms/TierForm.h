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

    void setTier(const TierConfig &tier);
    /// The tier as loaded, with the values of the inputs.
    TierConfig tier() const;

private:
    TierConfig m_tier;
};

} // namespace sluice
