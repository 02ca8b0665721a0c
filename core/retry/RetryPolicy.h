#pragma once

#include "config/PoolConfig.h"
#include "retry/UpstreamResult.h"
#include "util/Clock.h"

#include <functional>
#include <optional>

namespace sluice {

/// When the reverse proxy retries a failed upstream call (SPEC section 3, "Retry policy").
///
/// Retryable: HTTP 429, 502, 503, 504, 529 and connection errors; nothing else.
/// The delay before retry n+1 (after n retries) is drawn uniformly from
/// [0, min(maxDelayMs, baseDelayMs * backoffFactor^n)) ("full jitter"), unless the upstream
/// gave a hint (`retry-after-ms`, else `Retry-After`), which wins over the backoff and the
/// pool's maxDelayMs but is capped at kMaxUpstreamDelayMs.
///
/// Settings outside their configured ranges (the config layer rejects those) are clamped:
/// delays to >= 0, the factor to >= 1. Pure and immutable; safe to share between threads
/// when the random source is (the default one is). Times and delays in milliseconds.
class RetryPolicy
{
public:
    /// Returns a uniformly distributed number in [0, 1).
    using RandomSource = std::function<double()>;

    /// Longest upstream hint honoured: 10 minutes. A longer hint is almost always a
    /// misconfigured upstream; the client's own timeout ends the request well before.
    static constexpr qint64 kMaxUpstreamDelayMs = 10 * 60 * 1000;

    /// An empty random source means QRandomGenerator::global() (seeded by the system).
    explicit RetryPolicy(const RetrySettings &settings, RandomSource random = {});

    /// Whether an attempt that ended like this may be tried again.
    static bool isRetryable(const UpstreamResult &result);

    /// The upstream's own hint, capped at kMaxUpstreamDelayMs; nullopt when it gave none
    /// (or only malformed ones). A `retry-after-ms` value wins over `Retry-After`.
    static std::optional<qint64> upstreamDelayMs(const UpstreamResult &result, TimeMs now);

    /// The jitter-free upper bound of the delay before retry retriesDone+1:
    /// min(maxDelayMs, baseDelayMs * backoffFactor^retriesDone). Never overflows.
    qint64 backoffCeilingMs(int retriesDone) const;

    /// How long to wait before retrying, after `retriesDone` retries (0 after the first
    /// attempt) ended with `result`; nullopt when the result is not retryable or all
    /// maxRetries retries are spent. A negative retriesDone counts as 0.
    std::optional<qint64> delayBeforeRetryMs(int retriesDone, const UpstreamResult &result,
                                             TimeMs now) const;

    const RetrySettings &settings() const { return m_settings; }

private:
    RetrySettings m_settings;
    RandomSource m_random;
};

} // namespace sluice
