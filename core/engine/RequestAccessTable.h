#pragma once

#include "engine/RequestId.h"
#include "engine/RequestSecretKey.h"

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace sluice {

/// Who may act on a request: its secret (what makes the id a client sees unguessable, and
/// its token) and its owner, the API key id that made it (empty: made in-process).
struct RequestAccess
{
    RequestSecret secret;
    QString owner;
};

/// The access of every request slot, beside RequestTable's slots (same index) at 4 bytes a
/// slot: owners are interned (an index into the names seen, which are API key ids, so
/// few), and a secret is derived from the request's id under the engine's
/// key (RequestSecretKey) unless one was given, as for a request restored after a restart or
/// resumed from another replica. Not thread-safe.
class RequestAccessTable
{
public:
    RequestAccessTable();

    /// Grows with the request table; a new slot has no owner and a derived secret.
    void resize(size_t count) { m_owners.resize(count, 0); }
    /// Forgets what a slot held, as its request ends or the slot is taken again.
    void clear(quint32 index)
    {
        m_owners[index] = 0;
        if (!m_givenSecrets.isEmpty())
            m_givenSecrets.remove(index);
    }

    void setOwner(quint32 index, const QString &owner);
    const QString &owner(quint32 index) const { return m_ownerNames[m_owners[index]]; }
    /// Keeps `secret` for the slot instead of deriving one (a null secret: the request has
    /// none, as one stored before version 3).
    void setSecret(quint32 index, const RequestSecret &secret);
    /// Keeps the slot's secret as it is now (derived from `id` or given), whatever the key.
    void keepSecret(quint32 index, RequestId id);
    /// Derives secrets under `key` from now on (RequestTable, when ids come round again).
    void setKey(const RequestSecretKey &key) { m_key = key; }
    /// The slot's secret, given or derived from `id`.
    RequestSecret secret(quint32 index, RequestId id) const;
    RequestAccess access(quint32 index, RequestId id) const { return {secret(index, id), owner(index)}; }

    size_t memoryBytes() const;

private:
    RequestSecretKey m_key;
    std::vector<quint32> m_owners;        ///< per slot: index into m_ownerNames
    QList<QString> m_ownerNames;          ///< [0] is the empty owner
    QHash<QString, quint32> m_ownerIndex; ///< name -> index into m_ownerNames
    QHash<quint32, RequestSecret> m_givenSecrets;
};

} // namespace sluice
