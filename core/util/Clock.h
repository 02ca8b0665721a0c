#pragma once

#include <QtGlobal>

namespace sluice {

/// A point in time: milliseconds since the Unix epoch, UTC.
using TimeMs = qint64;

/// Source of the current time. Every time-dependent part of Sluice reads time through a
/// Clock, so that tests drive time explicitly and never sleep.
/// Implementations must be safe to call from any thread.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimeMs now() const = 0;
};

} // namespace sluice
