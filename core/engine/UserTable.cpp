#include "engine/UserTable.h"

namespace sluice {

quint32 UserTable::obtain(const QString &id, quint8 tier)
{
    if (const auto it = m_index.constFind(id); it != m_index.cend())
        return *it;
    quint32 index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = quint32(m_users.size());
        m_users.emplace_back();
        m_ids.emplace_back();
    }
    m_index.insert(id, index);
    UserRecord &user = m_users[index];
    user = UserRecord{};
    user.tier = tier;
    m_ids[index] = id;
    return index;
}

void UserTable::remove(quint32 index)
{
    m_index.remove(m_ids[index]);
    m_users[index] = UserRecord{};
    m_ids[index].clear();
    m_free.push_back(index);
}

void UserTable::roll(UserRecord &user, qint32 day)
{
    if (user.day == day)
        return;
    user.day = day;
    user.requests = 0;
    user.tokens = 0;
    user.costNanoUsd = 0;
    user.credits = 0;
}

} // namespace sluice
