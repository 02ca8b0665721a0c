#include "RetryScheduler.h"

#include <algorithm>
#include <limits>

namespace sluice {

RetryScheduler::RetryScheduler(const Clock &clock, bool runTimer, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_runTimer(runTimer)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RetryScheduler::advance);
}

RetryScheduler::Handle RetryScheduler::schedule(qint64 delayMs, Task task)
{
    const Handle handle = m_next++;
    m_tasks.emplace(m_clock.now() + std::max<qint64>(delayMs, 0),
                    std::make_pair(handle, std::move(task)));
    rearm();
    return handle;
}

void RetryScheduler::cancel(Handle handle)
{
    const auto it = std::find_if(m_tasks.begin(), m_tasks.end(),
                                 [handle](const auto &entry) { return entry.second.first == handle; });
    if (it != m_tasks.end())
        m_tasks.erase(it);
    rearm();
}

void RetryScheduler::advance()
{
    const TimeMs now = m_clock.now();
    while (!m_tasks.empty() && m_tasks.begin()->first <= now) {
        Task task = std::move(m_tasks.begin()->second.second);
        m_tasks.erase(m_tasks.begin());
        task();
    }
    rearm();
}

TimeMs RetryScheduler::nextWake() const
{
    return m_tasks.empty() ? 0 : m_tasks.begin()->first;
}

void RetryScheduler::rearm()
{
    if (!m_runTimer)
        return;
    if (m_tasks.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(nextWake() - m_clock.now(), 0,
                                           std::numeric_limits<int>::max());
    m_timer.start(int(wait));
}

} // namespace sluice
