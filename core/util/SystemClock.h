#pragma once

#include "util/Clock.h"

namespace sluice {

/// The wall clock (UTC), made monotonic: it never returns less than it returned before,
/// so a backwards step of the system clock cannot reorder queues or windows.
class SystemClock final : public Clock
{
public:
    TimeMs now() const override;
};

} // namespace sluice
