#include "runtime/EngineThread.h"

namespace sluice {

EngineThread::EngineThread()
    : m_thread(std::make_unique<QThread>())
    , m_context(std::make_unique<QObject>())
{
    m_thread->setObjectName(QStringLiteral("sluice-engine"));
    m_context->moveToThread(m_thread.get());
    m_thread->start();
}

EngineThread::~EngineThread()
{
    // After whatever was posted before: the context goes on its own thread and the loop ends
    // (objects whose deleteLater() is still pending are deleted as the thread finishes).
    QObject *context = m_context.release();
    QMetaObject::invokeMethod(
        context,
        [context] {
            delete context;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
}

void EngineThread::post(std::function<void()> work)
{
    QMetaObject::invokeMethod(m_context.get(), std::move(work), Qt::QueuedConnection);
}

void EngineThread::callBlocking(const std::function<void()> &work)
{
    Q_ASSERT_X(!isCurrent(), "EngineThread::call", "on the engine thread it would wait forever");
    QMetaObject::invokeMethod(
        m_context.get(), [&work] { work(); }, Qt::BlockingQueuedConnection);
}

} // namespace sluice
