#pragma once

#include "engine/EngineState.h"
#include "util/Result.h"

namespace sluice {

class Engine;
class Store;

/// The EngineState a store holds, made fit for `engine` (its configuration, clock and quota
/// day) as a restart needs it: today's usage, pinned tiers, the pools' window seconds, live
/// requests, the id generation floor. What the configuration no longer knows is left out
/// with a warning (requests and usage of a removed pool, a pin to a removed tier); a request
/// of a removed tier takes the default tier; an unpinned user takes the tier of their
/// requests. A pool's window comes from its stored seconds, or else from its leases granted
/// in the last 60 s. Pool modes are not included (ControlPlane::restorePoolModes).
///
/// STORE_FAILED when a read fails: a restart never goes on without what the store holds.
/// Threading: reads `store` on the calling thread (start-up); `engine` is only read.
Result<EngineState> storedEngineState(const Store &store, const Engine &engine,
                                      quint32 generationFloor);

} // namespace sluice
