#pragma once

#include "util/Result.h"

#include <QString>

#include <optional>

namespace sluice {

/// Why a request was granted, queued, rejected or ended. Each has a stable wire code
/// (SCREAMING_SNAKE_CASE) used by the gateway, the dashboard and the logs.
enum class Reason : quint8 {
    None,
    // Why a request waits (Outcome::Queued).
    UserConcurrency,    ///< the user holds max_concurrent_per_user leases in this pool
    PoolConcurrency,    ///< every slot of the pool is in use
    RequestsPerMinute,  ///< the pool's 60 s request window is full
    TokensPerMinute,    ///< the pool's 60 s token window cannot fit the estimate
    PoolPaused,         ///< an operator paused the pool
    UpstreamThrottled,  ///< the upstream answered 429 and asked the pool to pause
    QueuedBehind,       ///< others with precedence are waiting already
    // Why a request is refused (Outcome::Rejected).
    UserLimitExceeded,  ///< the user's daily quota for the tier is used up
    RateLimited,        ///< it would have to wait and the caller asked not to
    QueueFull,          ///< the pool's queue holds max_queue_length tickets
    PoolDraining,       ///< the pool is draining and accepts nothing new
    UnknownPool,
    UnknownRequest,
    InvalidRequest,
    // How a ticket or lease ends.
    Released,
    LeaseExpired,       ///< no heartbeat within lease_idle_timeout
    Timeout,            ///< waited longer than the queue timeout
    Cancelled,
    QueuePurged,
    // Refused in shared mode (SCALEOUT.md) while the shared state cannot be reached:
    // fail_closed, so that no replica exceeds a limit it cannot see.
    RedisUnavailable,
    // Shared mode: the ticket's client resumed it on another replica, which holds it now.
    Moved,
};

/// The wire code, e.g. "USER_LIMIT_EXCEEDED".
QString reasonCode(Reason reason);
/// The reason for a wire code; nullopt for an unknown code.
std::optional<Reason> reasonFromCode(QStringView code);
/// An Error whose code is the reason's wire code, e.g. for a Result<Done> the engine refuses.
Error reasonError(Reason reason, QString message);

} // namespace sluice
