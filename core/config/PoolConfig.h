#pragma once

#include <QString>

#include <optional>

namespace sluice {

/// How the proxy retries a failed upstream call (SPEC section 3, "Retry policy").
struct RetrySettings
{
    int maxRetries = 3;          ///< further attempts after the first, 0-10
    int baseDelayMs = 1000;      ///< 100-10000 ms
    int maxDelayMs = 30000;      ///< 1000-120000 ms
    double backoffFactor = 2.0;  ///< 1-5

    friend bool operator==(const RetrySettings &, const RetrySettings &) = default;
};

/// One upstream capacity budget, usually one account at one provider.
/// Absent optional limits are unlimited.
struct PoolConfig
{
    QString name;
    int maxConcurrent = 5;                  ///< 1-10000 slots; a context counts once
    std::optional<int> requestsPerMinute;   ///< 1-100000, sliding 60 s window
    std::optional<qint64> tokensPerMinute;  ///< 1-100000000, sliding 60 s window
    int maxQueueLength = 1000;              ///< 0-1000000 waiting tickets; 0 never queues
    qint64 queueTimeoutMs = 300'000;        ///< longest a ticket waits before TIMEOUT
    qint64 leaseIdleTimeoutMs = 300'000;    ///< a lease without heartbeat for this long expires
    RetrySettings retry;
    QString upstreamUrl;         ///< base URL the proxy forwards /proxy/<pool>/ to; may be empty
    QString upstreamKeyEnv;      ///< environment variable holding the upstream credential
    QString upstreamAuthHeader;  ///< "x-api-key", "authorization" or "xi-api-key"
    /// What a replica sharing its limits through Redis does while Redis cannot be reached
    /// (SCALEOUT.md): "fail_closed" refuses new requests; "local_share" admits within this
    /// replica's share of each limit.
    QString redisDown = QStringLiteral("fail_closed");

    bool sharesLocallyWhenRedisIsDown() const { return redisDown == QLatin1StringView("local_share"); }

    friend bool operator==(const PoolConfig &, const PoolConfig &) = default;
};

} // namespace sluice
