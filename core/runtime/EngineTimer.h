#pragma once

#include "util/Clock.h"

#include <QObject>
#include <QTimer>

namespace sluice {

class AlertDesk;
class Engine;
class PoolHistory;

/// Drives an engine's time-based work with one precise single-shot timer: it wakes when the
/// engine says something is due (a ticket timeout, a lease expiry, the rate window sliding),
/// never by polling, and samples utilisation for alerts and the pools' history once a second.
/// Threading: the engine's thread.
class EngineTimer : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kAlertSampleMs = 1000;

    EngineTimer(Engine &engine, AlertDesk &alerts, PoolHistory &history, const Clock &clock,
                QObject *parent = nullptr);

    /// Runs what is due now and re-arms the timer.
    void tick();

private:
    void arm(TimeMs at);

    Engine &m_engine;
    AlertDesk &m_alerts;
    PoolHistory &m_history;
    const Clock &m_clock;
    QTimer m_timer;
    TimeMs m_armedFor = 0;
    TimeMs m_nextSample = 0;
};

} // namespace sluice
