#include "util/Scheduler.h"

#include <algorithm>
#include <limits>

namespace sluice {

Scheduler::Scheduler(const Clock &clock, bool runTimer, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_runTimer(runTimer)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::advance);
}

Scheduler::Handle Scheduler::schedule(qint64 delayMs, Task task)
{
    const Handle handle = m_next++;
    const auto it = m_tasks.emplace(m_clock.now() + std::max<qint64>(delayMs, 0),
                                    std::make_pair(handle, std::move(task)));
    m_byHandle.emplace(handle, it);
    rearm();
    return handle;
}

void Scheduler::cancel(Handle handle)
{
    const auto found = m_byHandle.find(handle);
    if (found == m_byHandle.end())
        return;
    m_tasks.erase(found->second);
    m_byHandle.erase(found);
    rearm();
}

void Scheduler::advance()
{
    const TimeMs now = m_clock.now();
    while (!m_tasks.empty() && m_tasks.begin()->first <= now) {
        auto &[handle, pending] = m_tasks.begin()->second;
        Task task = std::move(pending);
        m_byHandle.erase(handle);
        m_tasks.erase(m_tasks.begin());
        task();
    }
    rearm();
}

TimeMs Scheduler::nextWake() const
{
    return m_tasks.empty() ? 0 : m_tasks.begin()->first;
}

void Scheduler::rearm()
{
    if (!m_runTimer)
        return;
    if (m_tasks.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait =
        std::clamp<qint64>(nextWake() - m_clock.now(), 0, std::numeric_limits<int>::max());
    m_timer.start(int(wait));
}

} // namespace sluice
