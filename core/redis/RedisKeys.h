#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace sluice {

/// The key layout of one deployment (SCALEOUT.md, "Key layout"): every key under one hash
/// tag `{sl:<deployment>}`, so every call touches one Cluster slot. A pool's functions take
/// the same KEYS, in the order lua/common.lua names them (KEY_NAMES).
///
/// Where it differs from SCALEOUT.md: the per-user lease count (`ucnt`) is per pool, as the
/// per-user limit is (SPEC section 3); tickets' deadlines have their own ZSET (`tdl`) so that
/// expiry is O(log n); idempotency keeps req_id -> id in `idem` and its expiry in `idemx`;
/// lease and ticket records are small JSON objects (cjson) rather than a packed string.
class RedisKeys
{
public:
    /// `deployment`: letters, digits, '.', '_', '-' (1-64); anything else is refused by
    /// isValidDeployment() and must not be passed here.
    explicit RedisKeys(const QString &deployment);

    static bool isValidDeployment(const QString &deployment);

    /// `{sl:<deployment>}`
    const QByteArray &prefix() const { return m_prefix; }
    /// The KEYS of every pool function, for pool `pool`.
    QList<QByteArray> poolKeys(const QString &pool) const;
    /// The stream every function writes grant, expire and drop events to.
    QByteArray events() const { return m_prefix + ":events"; }
    /// The deployment's configuration document (RedisConfigDocument).
    QByteArray configDocument() const { return m_prefix + ":config"; }
    /// The deployment's API keys (RedisKeyRegistry).
    QByteArray apiKeys() const { return m_prefix + ":keys"; }
    /// Test-only: a hash whose `now_ms` field, when set, replaces Redis TIME in every
    /// function (a frozen clock that tests move forward). Production never writes it.
    QByteArray testClock() const { return m_prefix + ":clock"; }

private:
    QByteArray m_prefix;
};

} // namespace sluice
