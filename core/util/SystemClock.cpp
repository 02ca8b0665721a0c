#include "util/SystemClock.h"

#include <QDateTime>

#include <chrono>

namespace sluice {

namespace {

qint64 systemWall()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 systemMonotonic()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

struct Anchor
{
    qint64 wall = systemWall();
    qint64 monotonic = systemMonotonic();
};

const Anchor &processAnchor()
{
    static const Anchor anchor; // thread-safe initialisation; one per process
    return anchor;
}

} // namespace

SystemClock::SystemClock()
    : m_wall(systemWall)
    , m_monotonic(systemMonotonic)
    , m_anchorWall(processAnchor().wall)
    , m_anchorMonotonic(processAnchor().monotonic)
{}

SystemClock::SystemClock(Source wall, Source monotonic)
    : m_wall(wall)
    , m_monotonic(monotonic)
    , m_anchorWall(wall())
    , m_anchorMonotonic(monotonic())
{}

TimeMs SystemClock::now() const
{
    return m_anchorWall + (m_monotonic() - m_anchorMonotonic);
}

TimeMs SystemClock::wallNow() const
{
    return m_wall();
}

} // namespace sluice
