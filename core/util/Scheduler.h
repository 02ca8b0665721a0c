#pragma once

#include "util/Clock.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <unordered_map>

namespace sluice {

/// Runs tasks at times of an injected Clock: the proxy's waits between upstream attempts,
/// the WebSocket idle and ping timers, the remote transport's retries and heartbeat. Like the
/// engine, it does nothing by itself unless told to: advance() runs what is due. With a timer
/// (production) one precise QTimer calls advance() when the next task is due; without one
/// (tests on a ManualClock) the owner calls advance() after moving the clock.
/// schedule() and cancel() are O(log n) in the tasks pending.
/// Threading: one thread; tasks run on it.
class Scheduler : public QObject
{
    Q_OBJECT

public:
    using Task = std::function<void()>;
    using Handle = quint64;

    Scheduler(const Clock &clock, bool runTimer, QObject *parent = nullptr);

    const Clock &clock() const { return m_clock; }
    /// Runs `task` once `delayMs` have passed on the clock. The handle is never 0.
    Handle schedule(qint64 delayMs, Task task);
    /// Forgets the task; nothing happens if it ran already or `handle` is 0.
    void cancel(Handle handle);
    /// Runs every task that is due, in time order.
    void advance();
    /// When the next task is due; 0 if none is scheduled.
    TimeMs nextWake() const;
    qsizetype pending() const { return qsizetype(m_tasks.size()); }

private:
    using Tasks = std::multimap<TimeMs, std::pair<Handle, Task>>;

    void rearm();

    const Clock &m_clock;
    bool m_runTimer;
    QTimer m_timer;
    Tasks m_tasks;
    std::unordered_map<Handle, Tasks::iterator> m_byHandle;
    Handle m_next = 1;
};

} // namespace sluice
