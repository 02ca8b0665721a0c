#pragma once

#include "engine/EngineJournal.h"
#include "store/StoreBatch.h"

#include <QObject>
#include <QSet>

#include <functional>
#include <vector>

namespace sluice {

class Engine;
class StoreWriter;

/// The engine's journal on top of the store writer: notes which requests changed and what
/// usage was added, and once per event-loop turn turns that into one StoreBatch (each changed
/// request written as it is now, or removed if it ended; usage summed per day, pool, user and
/// tier; the pools' sliding windows summed per second, older seconds dropped). That is group
/// commit: every decision of a turn shares one transaction.
/// Threading: the engine's thread.
class StoreJournal : public QObject, public EngineJournal
{
    Q_OBJECT

public:
    StoreJournal(Engine &engine, StoreWriter &writer, quint32 generationFloor,
                 QObject *parent = nullptr);

    void requestChanged(RequestId id) override;
    void usageAdded(qint32 day, int pool, quint32 user, int tier, qint64 requests,
                    qint64 inputTokens, qint64 outputTokens, qint64 costNanoUsd,
                    qint64 credits) override;
    void windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens) override;

    /// Adds records made elsewhere (audit entries, alerts, pool modes, config versions) to
    /// the next batch, so that they are committed by the writer with this turn's decisions.
    void append(StoreBatch batch);
    /// Calls `done` once everything noted so far is committed (at once if it already is).
    void whenDurable(std::function<void()> done);
    /// Hands what is pending to the writer now; returns the writer's sequence number for it.
    quint64 flush();

private:
    void onCommitted(quint64 seq);
    void schedule();

    Engine &m_engine;
    StoreWriter &m_writer;
    StoreBatch m_batch;
    QSet<RequestId> m_dirty;
    bool m_scheduled = false;
    quint32 m_generationFloor;
    struct WindowDelta
    {
        int pool;
        qint64 second;
        qint64 requests;
        qint64 tokens;
    };
    std::vector<WindowDelta> m_window;  // since the last flush
    qint64 m_windowSecond = 0;    ///< the latest second the windows took admissions in
    qint64 m_windowExpired = 0;   ///< window seconds before this one were dropped
    std::vector<std::function<void()>> m_nextFlush;  // waiting for the next flush
    std::vector<std::pair<quint64, std::function<void()>>> m_waiting;  // waiting for a seq
};

} // namespace sluice
