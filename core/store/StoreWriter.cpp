#include "store/StoreWriter.h"

#include "store/Store.h"
#include "util/Logging.h"

#include <QDeadlineTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace sluice {

StoreWriter::StoreWriter(QString path, StoreOptions options, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_options(options)
{}

StoreWriter::~StoreWriter()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_workAvailable.wakeAll();
        if (m_startState != StartState::Running && m_submittedSeq > 0)
            qCWarning(lcStore) << "store writer for" << m_path << "is not running;"
                               << m_queued.size() << "batches are not committed";
    }
    if (m_thread)
        m_thread->wait();
}

Result<Done> StoreWriter::start()
{
    QMutexLocker lock(&m_mutex);
    if (!m_thread) {
        m_startState = StartState::Opening;
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(u"sluice-store-writer"_s);
        m_thread->start();
    }
    while (m_startState == StartState::Opening)
        m_progress.wait(&m_mutex);
    if (m_startState == StartState::Running)
        return Done{};
    return Error{errors::kStoreFailed, m_startError, {}};
}

quint64 StoreWriter::submit(StoreBatch batch)
{
    QMutexLocker lock(&m_mutex);
    m_queued.append(std::move(batch));
    const quint64 seq = ++m_submittedSeq;
    lock.unlock();
    m_workAvailable.wakeOne();
    return seq;
}

quint64 StoreWriter::submittedSeq() const
{
    QMutexLocker lock(&m_mutex);
    return m_submittedSeq;
}

bool StoreWriter::waitForCommitted(quint64 seq, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    while (committedSeq() < seq) {
        if (!m_progress.wait(&m_mutex, deadline))
            break;
    }
    return committedSeq() >= seq;
}

void StoreWriter::run()
{
    Store store(m_options);
    const Result<Done> opened = store.open(m_path);
    QMutexLocker lock(&m_mutex);
    m_startState = opened ? StartState::Running : StartState::Failed;
    m_startError = opened.error().message;
    m_progress.wakeAll();
    if (!opened) {
        qCWarning(lcStore).noquote() << "store writer cannot start:" << m_startError;
        return;
    }
    while (true) {
        while (m_submittedSeq == committedSeq() && !m_stopping)
            m_workAvailable.wait(&m_mutex);
        if (m_submittedSeq == committedSeq())
            return;
        if (!commitPending(store) && m_stopping) {
            qCCritical(lcStore) << "store writer stopping:" << m_retry.size()
                                << "operations of batches" << committedSeq() + 1 << "to"
                                << m_submittedSeq << "are lost";
            return;
        }
    }
}

// Called with m_mutex locked; unlocks it while merging and committing. After a failure,
// keeps the merged batch for the next attempt and waits for the retry interval unless
// stopping.
bool StoreWriter::commitPending(Store &store)
{
    QList<StoreBatch> queued = std::exchange(m_queued, {});
    const quint64 seq = m_submittedSeq;
    m_mutex.unlock();
    StoreBatch batch = std::exchange(m_retry, StoreBatch());
    for (StoreBatch &next : queued)
        batch.merge(std::move(next));
    queued.clear();
    const Result<Done> committed = store.commit(batch);
    const bool ok = committed.ok();
    if (ok)
        batch = StoreBatch(); // freed before taking the lock that submit() needs
    else
        m_retry = std::move(batch);
    m_mutex.lock();
    if (ok) {
        m_committedSeq.store(seq, std::memory_order_release);
        m_progress.wakeAll();
        notifyCommitted(seq);
        return true;
    }
    qCWarning(lcStore).noquote() << committed.error().message;
    notifyFailed(committed.error().message);
    const QDeadlineTimer retryAt(m_options.retryIntervalMs);
    while (!m_stopping && !retryAt.hasExpired())
        m_workAvailable.wait(&m_mutex, retryAt);
    return false;
}

void StoreWriter::notifyCommitted(quint64 seq)
{
    QMetaObject::invokeMethod(
        this, [this, seq] { emit committed(seq); }, Qt::QueuedConnection);
}

void StoreWriter::notifyFailed(const QString &error)
{
    QMetaObject::invokeMethod(
        this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
}

} // namespace sluice
