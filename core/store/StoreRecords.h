#pragma once

#include "engine/RequestRow.h"
#include "util/Clock.h"

#include <QByteArray>
#include <QString>

namespace sluice {

/// Row types of the embedded store. Plain values, safe to copy between threads.

/// Usage added to one (day, pool, user, tier) cell. Days are numbered from the Unix epoch
/// in the engine's quota day (shifted by the configured reset minute).
struct UsageDelta
{
    qint32 day = 0;
    QString pool;
    QString user;
    QString tier;
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costNanoUsd = 0;  ///< 1 USD = 1e9
    qint64 credits = 0;      ///< 1 credit = USD 0.01, rounded up per request
};

/// Admissions to a pool's sliding 60 s window (requests per minute, tokens per minute) in
/// one second: enough to restore the window after a restart, so that a restart does not
/// let a pool exceed its provider's per-minute limits. Token counts may be negative
/// (corrections of estimates).
struct WindowSecond
{
    QString pool;
    qint64 second = 0;  ///< Unix seconds
    qint64 requests = 0;
    qint64 tokens = 0;
};

/// Who did what, when.
struct AuditEntry
{
    qint64 id = 0;  ///< assigned by the store
    TimeMs at = 0;
    QString actor;   ///< key name, "local", "environment", ...
    QString action;  ///< e.g. "config.update", "pool.pause", "user.tier"
    QString target;  ///< e.g. a pool or user name
    QString detail;  ///< human-readable, e.g. "requests_per_minute: 50 -> 100"
};

/// One version of the configuration, as JSON.
struct ConfigVersionRow
{
    qint32 version = 0;
    TimeMs at = 0;
    QString actor;
    QString note;
    QByteArray json;
};

/// One alert: fired, maybe acknowledged, maybe cleared.
struct AlertRecord
{
    qint64 id = 0;  ///< assigned by the engine, unique across restarts
    QString ruleId;
    QString metric;  ///< wire name of the AlertMetric, or "test"
    QString target;
    double threshold = 0;
    double peak = 0;  ///< highest utilisation seen while firing
    TimeMs firedAt = 0;
    TimeMs clearedAt = 0;  ///< 0 while firing
    TimeMs ackedAt = 0;    ///< 0 while not acknowledged
    QString ackedBy;
    QString message;
};

/// A gateway API key; only its hash is stored.
struct ApiKeyRow
{
    QString id;    ///< public key id (prefix of the key)
    QString name;
    QString role;  ///< client, support, operator, admin
    QByteArray hash;
    TimeMs createdAt = 0;
    TimeMs revokedAt = 0;  ///< 0 while valid
};

/// Usage summed over some cells: a user's day, a tier's day, a pool and tier's day, ...
struct UsageTotals
{
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costNanoUsd = 0;  ///< 1 USD = 1e9
    qint64 credits = 0;

    qint64 tokens() const { return inputTokens + outputTokens; }
    friend bool operator==(const UsageTotals &, const UsageTotals &) = default;
};

/// One tier's usage on one day, summed over pools and users.
struct TierUsage
{
    QString tier;
    qint64 users = 0;  ///< distinct users with usage in this tier
    UsageTotals totals;
};

/// One (pool, tier) cell's usage on one day, summed over users.
struct PoolTierUsage
{
    QString pool;
    QString tier;
    UsageTotals totals;
};

/// One (pool, tier) cell's usage on one day, summed over users.
struct PoolTierDay
{
    qint32 day = 0;
    QString pool;
    QString tier;
    UsageTotals totals;
};

/// An admission that was refused (any path: API, reverse proxy, WebSocket), kept for
/// support's lookup.
struct RejectionRecord
{
    qint64 id = 0;   ///< assigned by the store, increasing
    TimeMs at = 0;
    qint32 day = 0;  ///< the quota day it happened on (QuotaDay)
    QString user;
    QString pool;
    QString reason;  ///< wire code, e.g. USER_LIMIT_EXCEEDED
    QString message;
};

/// One day of one user's usage, summed over pools and tiers.
struct DayUsage
{
    qint32 day = 0;
    UsageTotals totals;
};

/// Filters and paging for reading the audit log. Text filters match a case-insensitive
/// (ASCII) substring; an empty filter matches everything.
struct AuditQuery
{
    QString actor{};
    QString action{};
    QString target{};
    TimeMs from = 0;  ///< inclusive; 0 = no lower bound
    TimeMs to = 0;    ///< exclusive; 0 = no upper bound
    int limit = 100;  ///< at most this many entries; <= 0 = no limit
    int offset = 0;   ///< entries to skip (newest first); negative counts as 0
};

} // namespace sluice
