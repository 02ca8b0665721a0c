#include "util/SystemClock.h"

#include <QDateTime>

#include <atomic>

namespace sluice {

TimeMs SystemClock::now() const
{
    static std::atomic<TimeMs> last{0};
    const TimeMs wall = QDateTime::currentMSecsSinceEpoch();
    TimeMs seen = last.load(std::memory_order_relaxed);
    while (wall > seen && !last.compare_exchange_weak(seen, wall, std::memory_order_relaxed)) {
    }
    return std::max(wall, seen);
}

} // namespace sluice
