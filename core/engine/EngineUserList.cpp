// Engine::users(): support's list of the users the engine knows, searched and ordered.

#include "engine/Engine.h"

#include <algorithm>

namespace sluice {

namespace {
struct Candidate
{
    const UserRecord *user;
    const QString *id;
    qint64 requests; ///< today's; 0 for a user whose counters belong to an earlier day
};
} // namespace

UserList Engine::users(const UserListQuery &query) const
{
    const qint32 today = m_ledger.today();
    const UserTable &table = m_users.table();
    std::vector<Candidate> found;
    for (qsizetype i = 0; i < table.size(); ++i) {
        const UserRecord &user = table[quint32(i)];
        const QString &id = table.id(quint32(i));
        if (id.isEmpty() || !id.startsWith(query.prefix, Qt::CaseInsensitive))
            continue;
        found.push_back({&user, &id, user.day == today ? user.requests : 0});
    }
    const auto before = [order = query.order](const Candidate &a, const Candidate &b) {
        if (order == UserOrder::Usage && a.requests != b.requests)
            return a.requests > b.requests;
        if (a.user->lastSeen != b.user->lastSeen)
            return a.user->lastSeen > b.user->lastSeen;
        return *a.id < *b.id;
    };
    UserList list;
    list.total = qint64(found.size());
    const auto begin = std::min<qint64>(std::max<qint64>(query.offset, 0), list.total);
    const auto end = std::min<qint64>(begin + std::max<qint64>(query.limit, 0), list.total);
    std::partial_sort(found.begin(), found.begin() + end, found.end(), before);
    for (qint64 i = begin; i < end; ++i) {
        const Candidate &candidate = found[size_t(i)];
        const UserRecord &user = *candidate.user;
        const Tier &tier = m_tiers[user.tier];
        UserSummary summary;
        summary.user = *candidate.id;
        summary.tier = tier.config.name;
        summary.tierPinned = user.tierPinned;
        summary.requestsToday = candidate.requests;
        summary.requestLimit = tier.config.dailyRequests;
        if (user.day == today) {
            summary.tokensToday = user.tokens;
            summary.costNanoUsdToday = user.costNanoUsd;
        }
        summary.lastSeen = user.lastSeen;
        list.users.append(summary);
    }
    return list;
}

} // namespace sluice
