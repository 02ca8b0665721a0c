#include "EngineTicker.h"

#include <algorithm>

namespace sluice::test {

EngineTicker::EngineTicker(Engine &engine, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_engine.advance();
        rearm();
    });
    connect(&engine, &Engine::wakeRequested, this, &EngineTicker::rearm);
    rearm();
}

void EngineTicker::rearm()
{
    const TimeMs next = m_engine.nextWake();
    if (next == 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::clamp<qint64>(next - m_clock.now(), 0, 3'600'000)));
}

} // namespace sluice::test
