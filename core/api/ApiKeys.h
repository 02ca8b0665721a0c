#pragma once

#include "protocol/ApiRequest.h"
#include "store/StoreRecords.h"
#include "util/Clock.h"

#include <QHash>

#include <optional>

namespace sluice {

class Store;

/// The gateway's API keys (SPEC section 4). A key reads "sk_<id>_<secret>": a public id of
/// 12 hex digits (48 random bits) that names the key in lists and logs, and a secret of 43
/// base64url characters (256 random bits from the system's CSPRNG). It is shown once, when
/// created; the store keeps only its SHA-256 hash, and a presented key is compared with it in
/// constant time.
///
/// Every key is held in memory: checking a presented key never reads the store, so a client
/// spraying made-up key ids costs a hash lookup, not a query. Keys are written to the Store
/// synchronously (they are rare admin changes and must work at once) and take effect here at
/// once; reload() re-reads the table (ApiService does every kReloadMs), so a key created or
/// revoked by another process (`sluiced keys ...`) takes effect within that time.
///
/// Not thread-safe: use it on the thread that owns the Store.
class ApiKeys
{
public:
    static constexpr int kReloadMs = 5000;

    struct Identity
    {
        Role role = Role::None;
        QString keyId;
        QString name;
    };

    struct Created
    {
        ApiKeyRow row;
        QString key; ///< the only time the whole key is known
    };

    /// Reads every key from the store.
    ApiKeys(Store &store, const Clock &clock);
    /// Reads the keys again (changes made by another process); false, keeping what it held,
    /// when the store cannot be read.
    bool reload();

    /// A new key; nullopt with a message naming the bad field, or the store's error.
    std::optional<Created> create(const QString &name, Role role, QString *error);
    enum class Revoked : quint8
    {
        Done,
        Unknown,
        AlreadyRevoked,
        StoreFailed
    };
    /// Revokes a key (revoked keys stay listed); otherwise says why not, with a message.
    Revoked revoke(const QString &id, QString *error);
    /// Every key, revoked ones included, ordered by id.
    QList<ApiKeyRow> list() const;

    /// The identity of a presented key; nullopt when it is malformed, unknown or revoked.
    std::optional<Identity> authenticate(QByteArrayView presented);
    /// The key a request presents: X-API-Key, or Authorization: Bearer; empty when none.
    static QByteArray presentedKey(const ApiRequest &request);

    /// SHA-256 of the whole key. A fast unsalted hash is right here because a key holds 256
    /// random bits: nobody can search that space whatever the hash costs, and a precomputed
    /// table is as hopeless. Slow salted hashes (bcrypt, Argon2) protect low-entropy human
    /// passwords and would add milliseconds to every request.
    static QByteArray hash(QByteArrayView key);
    /// Compares without an early exit, so the time taken does not reveal where two digests
    /// first differ.
    static bool equalConstantTime(QByteArrayView a, QByteArrayView b);
    /// The id of a well-formed key ("sk_<id>_<secret>"), or nullopt.
    static std::optional<QString> keyIdOf(QByteArrayView key);

private:
    Store &m_store;
    const Clock &m_clock;
    QHash<QString, ApiKeyRow> m_keys; ///< by id, revoked ones included
};

} // namespace sluice
