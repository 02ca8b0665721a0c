#pragma once

#include "engine/Reason.h"
#include "util/Clock.h"

namespace sluice {

/// What a Pool asks of the engine that owns it: the per-user and per-tier state that spans
/// pools, and the place to report grants and endings. Called on the engine's thread.
class PoolHost
{
public:
    virtual ~PoolHost() = default;
    /// The user's max_concurrent_per_user under the user's current tier; INT_MAX if unlimited.
    virtual int userConcurrencyLimit(quint32 user) const = 0;
    /// Check 1 (daily quota) again for a ticket about to be granted: Reason::None if it may go.
    virtual Reason recheckQuota(quint32 slot, TimeMs now) = 0;
    /// A request became a lease (fromQueue: it had waited as a ticket).
    virtual void granted(quint32 slot, bool fromQueue, TimeMs now) = 0;
    /// A ticket or lease ends; the slot is freed right after this returns.
    virtual void ended(quint32 slot, Reason reason, TimeMs now) = 0;
    /// The queue of a pool changed (positions moved); cheap, may be called often.
    virtual void poolQueueChanged(int pool) = 0;
    /// Something in the pool will be due at `at` (a timeout, an expiry, the window sliding).
    virtual void wakeAt(TimeMs at) = 0;
    /// The pool's sliding window changed (see EngineJournal::windowAdded).
    virtual void windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens) = 0;
};

} // namespace sluice
