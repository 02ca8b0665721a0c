#pragma once

#include "engine/Decision.h"
#include "store/StoreBatch.h"
#include "util/Clock.h"

#include <QObject>

#include <functional>

namespace sluice {

class Engine;

/// Every refused admission, whichever way it came (API acquire, reverse proxy, WebSocket,
/// demo traffic: they all reach Engine::requestRejected), recorded durably for support's
/// lookup (Store::rejections) through the batch sink, so that it survives a restart.
///
/// Bounded, so that hostile traffic cannot grow the store without limit: rejections older
/// than kKeepDays quota days go, and at most kMaxRows are kept (the newest), pruned with
/// the batch of the first rejection and then at most once per kPruneEveryMs or
/// kPruneEveryRows rejections. Each rejection costs one row of at most ~1 KB (the message
/// and the ids are capped by the API) and one insert in the next group commit.
/// Threading: the engine's thread.
class RejectionLog : public QObject
{
    Q_OBJECT

public:
    using BatchSink = std::function<void(StoreBatch batch)>;
    static constexpr qint32 kKeepDays = 7;
    static constexpr qint64 kMaxRows = 100'000;
    static constexpr qint64 kPruneEveryMs = 60'000;
    static constexpr qint64 kPruneEveryRows = 1'000;

    RejectionLog(Engine &engine, BatchSink sink, QObject *parent = nullptr);

    /// Records one rejection of `user` in `pool` at `at` (the engine's clock).
    void record(const QString &user, const QString &pool, const Decision &decision, TimeMs at);

private:
    Engine &m_engine;
    BatchSink m_sink;
    TimeMs m_prunedAt = 0;
    qint64 m_sincePrune = 0;
    bool m_pruned = false;
};

} // namespace sluice
