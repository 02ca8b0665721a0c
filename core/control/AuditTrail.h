#pragma once

#include "engine/EngineTypes.h"
#include "store/StoreBatch.h"
#include "store/StoreRecords.h"
#include "util/Clock.h"

#include <QObject>

#include <functional>

namespace sluice {

/// Who did what, when: every operator or admin action is recorded here as an AuditEntry,
/// stamped with the clock's now(), handed to the batch sink (the store writer's journal in a
/// running engine, committed with the event-loop turn's other records) and announced through
/// audited(). Owns nothing but the sink; the entries live in the store.
/// Threading: the engine's thread.
class AuditTrail : public QObject
{
    Q_OBJECT

public:
    using BatchSink = std::function<void(StoreBatch batch)>;

    AuditTrail(const Clock &clock, BatchSink sink, QObject *parent = nullptr);

    /// Records an action, e.g. one taken outside the engine (API key management).
    void record(const QString &actor, const QString &action, const QString &target,
                const QString &detail = {});
    /// Records the action only when `result` says it succeeded; returns `result`.
    Result<Done> recordOnSuccess(Result<Done> result, const QString &actor, const QString &action,
                                 const QString &target, const QString &detail = {});

signals:
    void audited(const sluice::AuditEntry &entry);

private:
    const Clock &m_clock;
    BatchSink m_sink;
};

} // namespace sluice
