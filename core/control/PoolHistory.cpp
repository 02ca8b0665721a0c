#include "control/PoolHistory.h"

#include "engine/Engine.h"

#include <QHash>

#include <algorithm>

namespace sluice {

PoolHistory::PoolHistory(const Engine &engine, qint64 intervalMs, qint64 retentionMs)
    : m_engine(engine)
    , m_intervalMs(std::max<qint64>(intervalMs, 1))
    , m_retentionMs(std::max<qint64>(retentionMs, m_intervalMs))
    , m_capacity(qsizetype(m_retentionMs / m_intervalMs))
{}

void PoolHistory::sample()
{
    const TimeMs now = m_engine.now();
    if (!m_samples.empty() && now - m_samples.back().at < m_intervalMs)
        return;
    Sample sample;
    sample.at = now;
    const QList<PoolStatus> pools = m_engine.pools();
    sample.pools.reserve(pools.size());
    for (const PoolStatus &pool : pools)
        sample.pools.append({pool.name, pool.inUse, pool.windowRequests, pool.windowTokens,
                             pool.waiting});
    m_samples.push_back(std::move(sample));
    while (qsizetype(m_samples.size()) > m_capacity
           || now - m_samples.front().at >= m_retentionMs)
        m_samples.pop_front();
}

SampleHistory PoolHistory::since(TimeMs since) const
{
    SampleHistory history;
    history.now = m_engine.now();
    history.intervalMs = m_intervalMs;
    const auto first = std::upper_bound(m_samples.cbegin(), m_samples.cend(), since,
                                        [](TimeMs t, const Sample &s) { return t < s.at; });
    const qsizetype count = qsizetype(m_samples.cend() - first);
    history.at.reserve(count);
    QHash<QString, qsizetype> column; // pool name -> index in history.pools
    for (auto it = first; it != m_samples.cend(); ++it) {
        const qsizetype row = history.at.size();
        history.at.append(it->at);
        for (const Point &point : it->pools) {
            auto found = column.constFind(point.pool);
            if (found == column.cend()) {
                PoolSeries series;
                series.pool = point.pool;
                for (QList<qint64> *values :
                     {&series.inUse, &series.requests, &series.tokens, &series.waiting}) {
                    values->reserve(count);
                    values->fill(PoolSeries::kAbsent, row);
                }
                found = column.insert(point.pool, history.pools.size());
                history.pools.append(std::move(series));
            }
            PoolSeries &series = history.pools[found.value()];
            // A pool listed twice in one sample cannot happen (names are unique); a pool
            // missing from earlier rows was filled with kAbsent when it first appeared.
            series.inUse.append(point.inUse);
            series.requests.append(point.requests);
            series.tokens.append(point.tokens);
            series.waiting.append(point.waiting);
        }
        for (PoolSeries &series : history.pools) {
            for (QList<qint64> *values :
                 {&series.inUse, &series.requests, &series.tokens, &series.waiting}) {
                if (values->size() == row)
                    values->append(PoolSeries::kAbsent);
            }
        }
    }
    return history;
}

} // namespace sluice
