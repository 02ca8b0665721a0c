#pragma once

#include "engine/Engine.h"

#include <QObject>
#include <QTimer>

namespace sluice::test {

/// Calls Engine::advance() when the engine's next wake is due, on a real-time clock: what the
/// runtime's timer does in the daemon, for test servers and benchmarks that run in real time.
class EngineTicker : public QObject
{
    Q_OBJECT

public:
    EngineTicker(Engine &engine, const Clock &clock, QObject *parent = nullptr);

private:
    void rearm();

    Engine &m_engine;
    const Clock &m_clock;
    QTimer m_timer;
};

} // namespace sluice::test
