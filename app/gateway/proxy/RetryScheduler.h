#pragma once

#include "util/Clock.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>

namespace sluice {

/// Runs tasks at times of an injected Clock: the proxy's waits between upstream attempts.
/// Like the engine, it does nothing by itself unless told to: advance() runs what is due. With
/// a timer (production) a QTimer calls advance() when the next task is due; without one (tests
/// on a ManualClock) the owner calls advance() after moving the clock.
/// Threading: one thread.
class RetryScheduler : public QObject
{
    Q_OBJECT

public:
    using Task = std::function<void()>;
    using Handle = quint64;

    RetryScheduler(const Clock &clock, bool runTimer, QObject *parent = nullptr);

    /// Runs `task` once `delayMs` have passed on the clock. Never 0.
    Handle schedule(qint64 delayMs, Task task);
    void cancel(Handle handle);
    /// Runs every task that is due, in time order.
    void advance();
    /// When the next task is due; 0 if none is scheduled.
    TimeMs nextWake() const;
    qsizetype pending() const { return qsizetype(m_tasks.size()); }

private:
    void rearm();

    const Clock &m_clock;
    bool m_runTimer;
    QTimer m_timer;
    std::multimap<TimeMs, std::pair<Handle, Task>> m_tasks;
    Handle m_next = 1;
};

} // namespace sluice
