#pragma once

#include "store/StoreRecords.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace sluice {

class ApiKeys;
class SharedLink;
struct RedisAnswer;
struct RedisEvent;

/// The deployment's API keys, the same on every replica (sluiced --redis): a key created or
/// revoked on any replica (API, dashboard, `sluiced keys`) reaches the others through Redis
/// (RedisKeyRegistry), at once after the `keys` event or within a second; a key Redis does not
/// hold (made before it was used, or lost with its data) is added again. A presented key is
/// still checked against the replica's own copy, so a Redis outage refuses no key it knew.
/// Keys are never removed, only revoked, and a revocation on any replica wins: the copies
/// converge whatever the order.
/// Threading: the thread of the ApiKeys and the link (the gateway's).
class SharedKeys : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatch = 100;         ///< keys per sl_keys call
    static constexpr qint64 kRefreshMs = 1000; ///< how often upkeep() compares with Redis

    SharedKeys(ApiKeys &keys, SharedLink &link, QObject *parent = nullptr);

    /// Syncs when a second has passed since the last time, or something changed.
    void upkeep(TimeMs now);
    /// Sends Redis the keys it lacks (or does not know revoked), and takes what it holds when
    /// its version is not the one read last.
    void sync();
    /// Keys or revocations taken from the deployment since start.
    qint64 taken() const { return m_taken; }

    /// A key as sl_keys stores it: {id, name, role, hash (hex), created_at, revoked_at}.
    static QByteArray toJson(const ApiKeyRow &row);
    /// nullopt when `json` is not a well-formed key.
    static std::optional<ApiKeyRow> fromJson(const QByteArray &json);

private:
    void onAnswer(const RedisAnswer &answer, const QHash<QString, TimeMs> &sent, bool last);
    void take(const QJsonArray &stored);

    ApiKeys &m_keys;
    SharedLink &m_link;
    QString m_version;                ///< the registry's version last read; empty: none
    QHash<QString, TimeMs> m_inRedis; ///< id -> revokedAt, as far as Redis is known to hold it
    int m_inFlight = 0;
    bool m_pending = true;
    TimeMs m_lastSync = 0;
    qint64 m_taken = 0;
    QString m_lastError; ///< logged once until a sync succeeds
    qint64 m_backoffMs = 0; ///< after failures: 1 s, doubling up to 30 s
    TimeMs m_retryAt = 0;
};

} // namespace sluice
