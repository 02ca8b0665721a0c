#pragma once

#include "engine/Pool.h"
#include "engine/Reason.h"
#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QList>
#include <QString>

namespace sluice {

/// A request for capacity (SPEC section 4, "acquire").
struct AcquireRequest
{
    QString pool;
    QString user;
    QString tier;       ///< optional: the user's tier as the application knows it
    QString contextId;  ///< optional: requests with the same context share one slot
    qint64 tokens = 0;  ///< estimated tokens, corrected when usage is reported
    bool wait = true;   ///< false: never queue, answer RATE_LIMITED instead
    qint64 timeoutMs = 0;  ///< longest wait in the queue; 0 or more than the pool's: the pool's
    /// The caller cannot resume this request after a restart (e.g. the reverse proxy, whose
    /// upstream call dies with the process): it is not written to the store, so a restart
    /// does not bring back a ticket or lease nobody holds. Its usage is recorded as usual.
    bool transient = false;
    /// The API key id that makes the request (empty: in-process). Only that key, and keys
    /// whose role lets them act on any request, may act on it (SPEC section 4, "Ownership").
    QString owner = {};
    /// That key's name: in shared mode a client resumes the request on another replica with
    /// a key of the same name there (keys are per replica; SharedResume.cpp).
    QString ownerName = {};
};

/// What a finished request used, reported on release. Negative token counts mean "not
/// reported" (the estimate stands).
struct Usage
{
    qint64 inputTokens = -1;
    qint64 outputTokens = -1;
    /// Prices the request (PriceTable::charge): a model no entry prices, an empty one
    /// included, costs nothing and is counted as unpriced.
    QString model;
    /// The upstream failed: the request goes back to the user's quota and is charged nothing
    /// (no cost, no credits); its tokens still count against the pool's TPM.
    bool refund = false;
};

/// A live request, as support and clients see it.
struct RequestInfo
{
    RequestId id = 0;
    bool active = false;  ///< a lease; otherwise a waiting ticket
    QString pool;
    QString user;
    QString tier;
    qint64 tokens = 0;
    TimeMs enqueuedAt = 0;   ///< waiting: when it joined the queue (0 for a lease)
    TimeMs grantedAt = 0;    ///< active: when it was granted (0 for a ticket)
    TimeMs lastSeen = 0;     ///< active: last heartbeat
    qint64 position = 0;     ///< waiting: 1-based
    /// waiting: the likely time until granted (Pool::estimatedWaitMs); none while the pool is
    /// paused
    std::optional<qint64> estimatedWaitMs;
};

/// One user's quota for today.
struct UserQuota
{
    QString user;
    QString tier;
    bool known = false;      ///< the engine has seen this user
    bool tierPinned = false;
    qint64 requestsToday = 0;
    qint64 requestLimit = 0;
    qint64 tokensToday = 0;
    qint64 tokenLimit = -1;      ///< -1: unlimited
    qint64 costNanoUsdToday = 0;
    qint64 costLimitNanoUsd = -1;  ///< -1: unlimited
    TimeMs resetAt = 0;
    qint64 active = 0;   ///< leases held now, over all pools
    qint64 waiting = 0;  ///< tickets waiting now, over all pools
    qint64 creditsToday = 0;  ///< 1 credit = USD 0.01, rounded up per request
};

/// How a user list is ordered: the most recently seen first, or the most requests today
/// first.
enum class UserOrder : quint8 { Recent, Usage };

/// A page of the users the engine knows (Engine::users()).
struct UserListQuery
{
    QString prefix;  ///< only ids starting with this, ignoring case; empty: every user
    UserOrder order = UserOrder::Recent;
    qint64 offset = 0;
    qint64 limit = 50;
};

/// One user in a list, for support: who, tier and today's usage.
struct UserSummary
{
    QString user;
    QString tier;
    bool tierPinned = false;
    qint64 requestsToday = 0;
    qint64 requestLimit = 0;
    qint64 tokensToday = 0;
    qint64 costNanoUsdToday = 0;
    TimeMs lastSeen = 0;  ///< wall-clock ms of the last acquire; 0: not since the start
    bool operator==(const UserSummary &) const = default;
};

/// The users matching a UserListQuery: `total` of them, `users` the requested page.
struct UserList
{
    qint64 total = 0;
    QList<UserSummary> users;
};

/// Usage counters for one quota day.
struct UsageCounters
{
    qint64 requests = 0;
    qint64 tokens = 0;
    qint64 costNanoUsd = 0;
    qint64 credits = 0;  ///< 1 credit = USD 0.01, rounded up per request
    qint64 users = 0;  ///< distinct users (tier totals only)
    bool operator==(const UsageCounters &) const = default;
};

/// A pool's counts over every replica of a shared deployment (Engine::setSharedCounts).
struct SharedCounts
{
    qint64 inUse = 0;
    qint64 waiting = 0;
    qint64 windowRequests = 0;
    qint64 windowTokens = 0;
};

/// A snapshot of one pool's state.
struct PoolStatus
{
    QString name;
    PoolMode mode = PoolMode::Running;
    int inUse = 0;
    int maxConcurrent = 0;
    qint64 activeLeases = 0;
    qint64 waiting = 0;
    qint64 maxQueueLength = 0;
    qint64 windowRequests = 0;
    qint64 requestsPerMinute = -1;  ///< -1: unlimited
    qint64 windowTokens = 0;
    qint64 tokensPerMinute = -1;    ///< -1: unlimited
    TimeMs throttledUntil = 0;
    qint64 drainTotal = 0;          ///< requests there were when draining began
    qint64 drainRemaining = 0;
    double meanLeaseMs = 0;
    TimeMs windowFreesAt = 0;       ///< when the oldest request leaves the window; 0: empty
    qint64 costNanoUsdToday = 0;    ///< spend today over every tier (UsageLedger)
    qint64 creditsToday = 0;
};

} // namespace sluice
