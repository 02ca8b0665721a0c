#pragma once

#include <QHash>
#include <QString>

#include <vector>

namespace sluice {

/// One end user: their tier and what they used during the current quota day.
struct UserRecord
{
    QString id;
    quint8 tier = 0;
    bool tierPinned = false;  ///< set by an admin: requests naming another tier do not change it
    qint32 day = 0;           ///< the quota day the counters belong to
    qint64 requests = 0;
    qint64 tokens = 0;
    qint64 costNanoUsd = 0;
};

/// Every user the engine has seen, by id and by a dense index (used in hot paths).
/// Not thread-safe.
class UserTable
{
public:
    static constexpr quint32 kNone = 0xffffffffu;

    quint32 find(const QString &id) const { return m_index.value(id, kNone); }
    /// Finds the user, or adds them with the given tier.
    quint32 obtain(const QString &id, quint8 tier);
    UserRecord &operator[](quint32 index) { return m_users[index]; }
    const UserRecord &operator[](quint32 index) const { return m_users[index]; }
    /// Starts a new quota day for the user if `day` is newer than theirs.
    static void roll(UserRecord &user, qint32 day);
    qsizetype size() const { return qsizetype(m_users.size()); }
    /// Calls f(index, record) for every user.
    template<typename F>
    void forEach(F f)
    {
        for (size_t i = 0; i < m_users.size(); ++i)
            f(quint32(i), m_users[i]);
    }

private:
    std::vector<UserRecord> m_users;
    QHash<QString, quint32> m_index;
};

} // namespace sluice
