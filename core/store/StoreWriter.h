#pragma once

#include "util/Result.h"

#include "store/StoreBatch.h"
#include "store/StoreOptions.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class QThread;

namespace sluice {

class Store;

/// Commits StoreBatches on its own thread and SQLite connection, so the engine never
/// waits on disk. Batches are committed in submission order; when the writer falls behind,
/// all pending batches are merged and committed in one transaction (group commit).
///
/// The engine acknowledges a grant or usage to a client only once committedSeq() covers the
/// batch that holds it: with StoreOptions::Durability::ProcessCrash it then survives kill -9;
/// it survives power loss with Durability::PowerLoss.
///
/// A failed commit is logged, reported by failed(), and retried (merged with newer batches)
/// after StoreOptions::retryIntervalMs; committedSeq() does not advance past it meanwhile.
///
/// Thread-safety: submit(), committedSeq() and waitForCommitted() may be called from any
/// thread. Signals are delivered on the thread the StoreWriter lives in (its event loop).
/// The destructor commits everything submitted before returning.
class StoreWriter : public QObject
{
    Q_OBJECT

public:
    explicit StoreWriter(QString path, StoreOptions options = {}, QObject *parent = nullptr);
    ~StoreWriter() override;

    /// Starts the writer thread and waits until it has opened the store. STORE_FAILED with the
    /// reason (naming the path) when it cannot; the writer then commits nothing.
    Result<Done> start();

    /// Queues `batch` and returns its sequence number (1, 2, ...). Never waits on disk.
    /// Batches submitted before start() are committed once it runs.
    quint64 submit(StoreBatch batch);
    /// The sequence number of the last batch submitted, 0 before the first.
    quint64 submittedSeq() const;
    /// Every batch up to this sequence number is committed.
    quint64 committedSeq() const { return m_committedSeq.load(std::memory_order_acquire); }
    /// Blocks until committedSeq() >= seq or `timeoutMs` passed (negative: no limit);
    /// true if committed.
    bool waitForCommitted(quint64 seq, int timeoutMs);

signals:
    /// All batches up to `seq` are committed; one signal per transaction.
    void committed(quint64 seq);
    /// A commit failed with this message; the batches are retried.
    void failed(const QString &error);

private:
    enum class StartState
    {
        NotStarted,
        Opening,
        Running,
        Failed
    };

    void run();
    bool commitPending(Store &store);
    void notifyCommitted(quint64 seq);
    void notifyFailed(const QString &error);

    const QString m_path;
    const StoreOptions m_options;
    std::unique_ptr<QThread> m_thread;

    mutable QMutex m_mutex;
    QWaitCondition m_workAvailable;
    QWaitCondition m_progress;  ///< start state or committedSeq changed
    QList<StoreBatch> m_queued; ///< submitted, not yet taken by the writer thread
    StoreBatch m_retry;         ///< writer thread only: a failed transaction, retried first
    quint64 m_submittedSeq = 0;
    bool m_stopping = false;
    StartState m_startState = StartState::NotStarted;
    QString m_startError;
    std::atomic<quint64> m_committedSeq{0};
};

} // namespace sluice
