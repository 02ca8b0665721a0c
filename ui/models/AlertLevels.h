#pragma once

#include "config/AlertRule.h"
#include "engine/EngineTypes.h"

#include <QList>

namespace sluice {

/// How close a measure is to its limit, as the dashboard colours it.
enum class TroubleLevel : quint8
{
    Normal,
    Warning,
    Critical
};

/// "normal", "warning", "critical": the words shown beside the colour.
QString troubleLevelName(TroubleLevel level);

/// The alert rules' levels for a pool's gauges. A gauge is at Warning from the threshold of
/// the enabled alert rule watching that pool and metric (a rule naming the pool wins over a
/// rule for every pool; the lowest threshold among equals), or from kDefaultWarning when no
/// enabled rule watches it; it is Critical at or above its limit, where new requests wait or
/// are refused. A value; the default-constructed one knows no rules.
class AlertLevels
{
public:
    static constexpr double kDefaultWarning = 0.8;

    AlertLevels() = default;
    explicit AlertLevels(const QList<AlertRule> &rules);

    /// Utilisation (0-1) from which the gauge is at Warning.
    double warningAt(const QString &pool, AlertMetric metric) const;
    /// The level of `used` against `limit`; Normal for no limit (limit <= 0).
    TroubleLevel level(const QString &pool, AlertMetric metric, qint64 used, qint64 limit) const;
    /// The worst level over the pool's gauges (concurrency, requests, tokens, queue).
    TroubleLevel worst(const PoolStatus &pool) const;

    friend bool operator==(const AlertLevels &, const AlertLevels &) = default;

private:
    QList<AlertRule> m_rules; ///< the enabled pool rules
};

} // namespace sluice
