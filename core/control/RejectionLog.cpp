#include "control/RejectionLog.h"

#include "engine/Engine.h"

namespace sluice {

RejectionLog::RejectionLog(Engine &engine, BatchSink sink, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_sink(std::move(sink))
{
    connect(&engine, &Engine::requestRejected, this, &RejectionLog::record);
}

void RejectionLog::record(const QString &user, const QString &pool, const Decision &decision,
                          TimeMs at)
{
    const qint32 day = m_engine.today();
    StoreBatch batch;
    batch.appendRejection(
        RejectionRecord{0, at, day, user, pool, reasonCode(decision.reason), decision.message});
    ++m_sincePrune;
    if (!m_pruned || at - m_prunedAt >= kPruneEveryMs || m_sincePrune >= kPruneEveryRows) {
        batch.pruneRejections(day - kKeepDays + 1, kMaxRows);
        m_pruned = true;
        m_prunedAt = at;
        m_sincePrune = 0;
    }
    m_sink(std::move(batch));
}

} // namespace sluice
