#include "models/AlertLevels.h"

namespace sluice {

using namespace Qt::StringLiterals;

QString troubleLevelName(TroubleLevel level)
{
    switch (level) {
    case TroubleLevel::Normal:
        return u"normal"_s;
    case TroubleLevel::Warning:
        return u"warning"_s;
    case TroubleLevel::Critical:
        return u"critical"_s;
    }
    return {};
}

AlertLevels::AlertLevels(const QList<AlertRule> &rules)
{
    for (const AlertRule &rule : rules) {
        if (rule.enabled && isPoolMetric(rule.metric))
            m_rules << rule;
    }
}

double AlertLevels::warningAt(const QString &pool, AlertMetric metric) const
{
    double everyPool = 2.0, thisPool = 2.0;
    for (const AlertRule &rule : m_rules) {
        if (rule.metric != metric)
            continue;
        if (rule.target.isEmpty())
            everyPool = std::min(everyPool, rule.threshold);
        else if (rule.target == pool)
            thisPool = std::min(thisPool, rule.threshold);
    }
    if (thisPool <= 1.0)
        return thisPool;
    return everyPool <= 1.0 ? everyPool : kDefaultWarning;
}

TroubleLevel AlertLevels::level(const QString &pool, AlertMetric metric, qint64 used,
                                qint64 limit) const
{
    if (limit <= 0)
        return TroubleLevel::Normal;
    if (used >= limit)
        return TroubleLevel::Critical;
    // The comparison the engine's alert rules make: utilisation >= threshold.
    return double(used) / double(limit) >= warningAt(pool, metric) ? TroubleLevel::Warning
                                                                   : TroubleLevel::Normal;
}

TroubleLevel AlertLevels::worst(const PoolStatus &pool) const
{
    return std::max({level(pool.name, AlertMetric::PoolConcurrency, pool.inUse, pool.maxConcurrent),
                     level(pool.name, AlertMetric::PoolRequestsPerMinute, pool.windowRequests,
                           pool.requestsPerMinute),
                     level(pool.name, AlertMetric::PoolTokensPerMinute, pool.windowTokens,
                           pool.tokensPerMinute),
                     level(pool.name, AlertMetric::PoolQueue, pool.waiting, pool.maxQueueLength)});
}

} // namespace sluice
