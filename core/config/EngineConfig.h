#pragma once

#include "config/AlertRule.h"
#include "config/ModelPrice.h"
#include "config/PoolConfig.h"
#include "config/TierConfig.h"

#include <QList>
#include <QString>

namespace sluice {

/// Everything an administrator can configure: a value, compared and versioned as a whole.
struct EngineConfig
{
    QList<PoolConfig> pools;
    QList<TierConfig> tiers;
    QString defaultTier = QStringLiteral("free");  ///< tier of users nobody assigned one
    int quotaResetMinuteUtc = 0;  ///< 0-1439: daily quotas reset this many minutes after 00:00 UTC
    qint64 agingMs = 0;           ///< 0: strict priority; else one priority level per agingMs waited
    QList<ModelPrice> pricing;
    QList<AlertRule> alertRules;
    QString alertWebhookUrl;      ///< JSON POST target for alerts; empty: none

    const PoolConfig *pool(const QString &name) const;
    const TierConfig *tier(const QString &name) const;
    const ModelPrice *price(const QString &model) const;

    friend bool operator==(const EngineConfig &, const EngineConfig &) = default;
};

} // namespace sluice
