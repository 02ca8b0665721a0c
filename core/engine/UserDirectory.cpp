#include "engine/UserDirectory.h"

namespace sluice {

quint32 UserDirectory::setTier(const QString &id, quint8 tier, bool pinned)
{
    const quint32 index = m_users.obtain(id, tier);
    UserRecord &user = m_users[index];
    user.tier = tier;
    user.tierPinned = pinned;
    return index;
}

void UserDirectory::remapTiers(const std::vector<quint8> &tierMap)
{
    m_users.forEach([&tierMap](quint32, UserRecord &user) {
        if (user.tier < tierMap.size())
            user.tier = tierMap[user.tier];
    });
}

} // namespace sluice
