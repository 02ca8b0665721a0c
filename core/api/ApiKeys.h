#pragma once

#include "protocol/ApiRequest.h"
#include "store/StoreBatch.h"
#include "store/StoreRecords.h"
#include "util/Clock.h"

#include <QHash>

#include <functional>
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
/// spraying made-up key ids costs a hash lookup, not a query. A change takes effect here at
/// once and goes to the Writer: in a gateway the store writer's next batch (no synchronous
/// commit on the engine's thread; the route answers once durable), in `sluiced keys` a
/// direct commit. reload() re-reads the table (ApiService does every kReloadMs), so a key
/// created or revoked by another process takes effect within that time; a change of this
/// process not yet read back from the table is kept over the table's older row.
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

    /// Stores a change; STORE_FAILED with the reason when it could not.
    using Writer = std::function<Result<Done>(StoreBatch batch)>;

    /// Reads every key from `store`; changes go to `write`.
    ApiKeys(Store &store, const Clock &clock, Writer write);
    /// A Writer that commits to `store` at once (for a process without a store writer).
    static Writer committingTo(Store &store);
    /// Reads the keys again (changes made by another process); false, keeping what it held,
    /// when the store cannot be read.
    bool reload();
    /// Takes the table as read elsewhere (ApiService reads it on the store reader's thread).
    void adopt(const QList<ApiKeyRow> &rows);

    /// A new key; VALIDATION_FAILED naming the bad field, or the store's error.
    Result<Created> create(const QString &name, Role role);
    /// Revokes a key (revoked keys stay listed); UNKNOWN_KEY, ALREADY_REVOKED or the store's
    /// error otherwise.
    Result<Done> revoke(const QString &id);
    /// Takes a key made or revoked elsewhere (another replica of the deployment): adds one not
    /// known here, revokes a known one the row says is revoked. True when that changed
    /// anything; a row whose hash is not the known key's changes nothing.
    Result<bool> merge(const ApiKeyRow &row);
    /// The key of `id`, revoked or not; nullopt when unknown.
    std::optional<ApiKeyRow> find(const QString &id) const
    {
        const auto found = m_keys.constFind(id);
        return found == m_keys.cend() ? std::nullopt : std::optional<ApiKeyRow>(*found);
    }
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
    Result<Done> write(const ApiKeyRow &row);

    Store &m_store;
    const Clock &m_clock;
    Writer m_write;
    QHash<QString, ApiKeyRow> m_keys; ///< by id, revoked ones included
    QHash<QString, ApiKeyRow> m_unread; ///< written here, not yet read back by reload()
};

} // namespace sluice
