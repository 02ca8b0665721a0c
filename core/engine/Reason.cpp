#include "engine/Reason.h"

#include "util/EnumNames.h"

namespace sluice {

namespace {
constexpr EnumNames kCodes{std::array{
    std::pair{Reason::None, u"NONE"},
    std::pair{Reason::UserConcurrency, u"USER_CONCURRENCY"},
    std::pair{Reason::PoolConcurrency, u"POOL_CONCURRENCY"},
    std::pair{Reason::RequestsPerMinute, u"REQUESTS_PER_MINUTE"},
    std::pair{Reason::TokensPerMinute, u"TOKENS_PER_MINUTE"},
    std::pair{Reason::PoolPaused, u"POOL_PAUSED"},
    std::pair{Reason::UpstreamThrottled, u"UPSTREAM_THROTTLED"},
    std::pair{Reason::QueuedBehind, u"QUEUED_BEHIND"},
    std::pair{Reason::UserLimitExceeded, u"USER_LIMIT_EXCEEDED"},
    std::pair{Reason::RateLimited, u"RATE_LIMITED"},
    std::pair{Reason::QueueFull, u"QUEUE_FULL"},
    std::pair{Reason::PoolDraining, u"POOL_DRAINING"},
    std::pair{Reason::UnknownPool, u"UNKNOWN_POOL"},
    std::pair{Reason::UnknownRequest, u"UNKNOWN_REQUEST"},
    std::pair{Reason::InvalidRequest, u"INVALID_REQUEST"},
    std::pair{Reason::Released, u"RELEASED"},
    std::pair{Reason::LeaseExpired, u"LEASE_EXPIRED"},
    std::pair{Reason::Timeout, u"TIMEOUT"},
    std::pair{Reason::Cancelled, u"CANCELLED"},
    std::pair{Reason::QueuePurged, u"QUEUE_PURGED"},
    std::pair{Reason::RedisUnavailable, u"REDIS_UNAVAILABLE"},
    std::pair{Reason::Moved, u"MOVED"},
}};
} // namespace

QString reasonCode(Reason reason)
{
    return kCodes.name(reason, Reason::None);
}

std::optional<Reason> reasonFromCode(QStringView code)
{
    return kCodes.value(code);
}

Error reasonError(Reason reason, QString message)
{
    return Error{reasonCode(reason), std::move(message), {}};
}

} // namespace sluice
