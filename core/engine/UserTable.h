#pragma once

#include <QHash>
#include <QString>

#include <vector>

namespace sluice {

/// One end user: their tier and what they used during the current quota day, 48 bytes. An
/// acquire reads and writes most of it; the id is kept beside it (UserTable::id), since with
/// it the record was 80 bytes and always spanned two cache lines.
struct UserRecord
{
    quint8 tier = 0;
    bool tierPinned = false;  ///< set by an admin: requests naming another tier do not change it
    qint32 day = 0;           ///< the quota day the counters belong to
    qint64 requests = 0;
    qint64 tokens = 0;
    qint64 costNanoUsd = 0;
    qint64 credits = 0;       ///< charged per request, 1 credit = USD 0.01 (PriceTable)
    qint64 lastSeen = 0;      ///< wall-clock ms of the user's last acquire; 0: not since the start
};
static_assert(sizeof(UserRecord) == 48);

/// Every user the engine has seen, by id and by a dense index (used in hot paths).
/// Not thread-safe.
class UserTable
{
public:
    static constexpr quint32 kNone = 0xffffffffu;

    quint32 find(const QString &id) const { return m_index.value(id, kNone); }
    /// Finds the user, or adds them with the given tier.
    quint32 obtain(const QString &id, quint8 tier);
    /// Forgets a user; their index may be given to a new user.
    void remove(quint32 index);
    UserRecord &operator[](quint32 index) { return m_users[index]; }
    const UserRecord &operator[](quint32 index) const { return m_users[index]; }
    /// The user's id; empty for a free index.
    const QString &id(quint32 index) const { return m_ids[index]; }
    /// Starts a new quota day for the user if `day` is newer than theirs.
    static void roll(UserRecord &user, qint32 day);
    /// Indices in use or free: iterate [0, size()) and skip those with an empty id.
    qsizetype size() const { return qsizetype(m_users.size()); }
    qsizetype live() const { return m_index.size(); }
    /// Calls f(index, record) for every user.
    template<typename F>
    void forEach(F f)
    {
        for (size_t i = 0; i < m_users.size(); ++i) {
            if (!m_ids[i].isEmpty())
                f(quint32(i), m_users[i]);
        }
    }

private:
    std::vector<UserRecord> m_users;
    std::vector<QString> m_ids; ///< beside m_users, same index
    std::vector<quint32> m_free;
    QHash<QString, quint32> m_index;
};

} // namespace sluice
