#include "runtime/EngineTimer.h"

#include "control/AlertDesk.h"
#include "control/PoolHistory.h"
#include "engine/Engine.h"

#include <algorithm>

namespace sluice {

EngineTimer::EngineTimer(Engine &engine, AlertDesk &alerts, PoolHistory &history,
                         const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_alerts(alerts)
    , m_history(history)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EngineTimer::tick);
    connect(&engine, &Engine::wakeRequested, this, [this](TimeMs at) {
        if (m_armedFor == 0 || at < m_armedFor)
            arm(at);
    });
    tick();
}

void EngineTimer::tick()
{
    const TimeMs now = m_clock.now();
    TimeMs next = m_engine.advance();
    if (now >= m_nextSample) {
        m_alerts.sample();
        m_history.sample();
        m_nextSample = now + kAlertSampleMs;
    }
    next = next > 0 ? std::min(next, m_nextSample) : m_nextSample;
    if (const auto pending = m_alerts.nextDeadline())
        next = std::min(next, *pending);
    arm(next);
}

void EngineTimer::arm(TimeMs at)
{
    m_armedFor = at;
    const qint64 delay = std::clamp<qint64>(at - m_clock.now(), 0, 24 * 3600'000);
    m_timer.start(std::chrono::milliseconds(delay));
}

} // namespace sluice
