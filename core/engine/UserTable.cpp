#include "engine/UserTable.h"

namespace sluice {

quint32 UserTable::obtain(const QString &id, quint8 tier)
{
    if (const auto it = m_index.constFind(id); it != m_index.cend())
        return *it;
    const auto index = quint32(m_users.size());
    m_index.insert(id, index);
    UserRecord &user = m_users.emplace_back();
    user.id = id;
    user.tier = tier;
    return index;
}

void UserTable::roll(UserRecord &user, qint32 day)
{
    if (user.day == day)
        return;
    user.day = day;
    user.requests = 0;
    user.tokens = 0;
    user.costNanoUsd = 0;
}

} // namespace sluice
