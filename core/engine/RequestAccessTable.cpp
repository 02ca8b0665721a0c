#include "engine/RequestAccessTable.h"

namespace sluice {

RequestAccessTable::RequestAccessTable()
    : m_key(RequestSecretKey::generate())
    , m_ownerNames{QString()}
{}

void RequestAccessTable::setOwner(quint32 index, const QString &owner)
{
    if (owner.isEmpty()) {
        m_owners[index] = 0;
        return;
    }
    auto found = m_ownerIndex.constFind(owner);
    if (found == m_ownerIndex.constEnd()) {
        // Never forgotten: the names are API key ids, which an admin makes.
        found = m_ownerIndex.insert(owner, quint32(m_ownerNames.size()));
        m_ownerNames.append(owner);
    }
    m_owners[index] = *found;
}

void RequestAccessTable::setSecret(quint32 index, const RequestSecret &secret)
{
    m_givenSecrets.insert(index, secret);
}

void RequestAccessTable::keepSecret(quint32 index, RequestId id)
{
    if (!m_givenSecrets.contains(index))
        m_givenSecrets.insert(index, m_key.derive(id));
}

RequestSecret RequestAccessTable::secret(quint32 index, RequestId id) const
{
    if (!m_givenSecrets.isEmpty()) {
        if (const auto given = m_givenSecrets.constFind(index); given != m_givenSecrets.constEnd())
            return *given;
    }
    return m_key.derive(id);
}

size_t RequestAccessTable::memoryBytes() const
{
    // A QHash node is about its key and value plus a span's bookkeeping (16 bytes).
    return m_owners.capacity() * sizeof(quint32) +
           size_t(m_givenSecrets.size()) * (sizeof(quint32) + sizeof(RequestSecret) + 16);
}

} // namespace sluice
