#pragma once

#include <QtGlobal>

namespace sluice {

/// A point in time: milliseconds since the Unix epoch, UTC.
using TimeMs = qint64;

/// Source of the current time. Every time-dependent part of Sluice reads time through a
/// Clock, so that tests drive time explicitly and never sleep.
///
/// Two readings: now() for durations and order (timeouts, windows, leases, ETA): it never
/// goes back and a step of the system clock does not move it; wallNow() for the calendar
/// (which quota day it is, when the next reset is). Both are milliseconds since the epoch,
/// and equal until the system clock is stepped.
/// Implementations must be safe to call from any thread.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimeMs now() const = 0;
    virtual TimeMs wallNow() const = 0;
};

} // namespace sluice
