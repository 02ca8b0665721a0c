#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace sluice {

/// The engine's own thread: a QThread running an event loop, on which the owner builds the
/// engine runtime and everything that serves it (ApiService, the gateway's sockets), so that
/// the thread that owns the EngineThread (the dashboard's GUI thread, sluiced's main thread)
/// is left alone. docs/architecture.md says what may be called from which thread.
///
/// Work reaches the thread in two ways: post() (queued, returns at once: what the GUI uses)
/// and call() (runs the work there and waits for it: start-up, shutdown, tests and the
/// screenshot run). Objects created inside the work live on the engine thread; destroy them
/// there too (call() a reset before the EngineThread goes).
///
/// Threading: post() from any thread; call() from any thread but the engine's own.
class EngineThread
{
public:
    EngineThread();
    /// Quits the loop and waits for the thread; objects still posted for deletion go first.
    ~EngineThread();
    EngineThread(const EngineThread &) = delete;
    EngineThread &operator=(const EngineThread &) = delete;

    QThread *thread() const { return m_thread.get(); }
    /// An object living on the engine thread: the context for queued calls and connections.
    QObject *context() const { return m_context.get(); }
    bool isCurrent() const { return QThread::currentThread() == m_thread.get(); }

    void post(std::function<void()> work);

    /// Runs `work` on the engine thread and returns its result once it has run.
    template<typename Work> auto call(Work &&work) -> std::invoke_result_t<Work>
    {
        using Result = std::invoke_result_t<Work>;
        if constexpr (std::is_void_v<Result>) {
            callBlocking([&] { work(); });
        } else {
            std::optional<Result> result;
            callBlocking([&] { result.emplace(work()); });
            return std::move(*result);
        }
    }

private:
    void callBlocking(const std::function<void()> &work);

    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<QObject> m_context;
};

} // namespace sluice
