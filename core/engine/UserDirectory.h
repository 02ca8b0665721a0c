#pragma once

#include "engine/UserTable.h"

#include <algorithm>
#include <vector>

namespace sluice {

/// The users the engine knows (a UserTable): finding and adding them, their tier (pinned by
/// an admin, or else taken from the requests that name one), and the sweep that forgets idle
/// users so that a stream of ever-new user ids cannot grow memory without bound.
///
/// A sweep pass starts when the table has doubled since the last one (and holds at least
/// kMinSweep users), or when startSweep() says so (a new quota day); it goes kAcquireStep
/// slots further at each acquire and kTimerStep at each timer tick, so that no call pays for
/// every user. It forgets users who are not pinned and whom the caller's `inUse(index,
/// record)` does not claim (usage today, a request in a pool).
///
/// Threading: belongs to the thread of the Engine that owns it. No time of its own.
class UserDirectory
{
public:
    static constexpr qsizetype kMinSweep = 65'536;
    static constexpr qsizetype kAcquireStep = 32;
    static constexpr qsizetype kTimerStep = 4096;

    quint32 find(const QString &id) const { return m_users.find(id); }
    /// Finds the user, or adds them with the given tier.
    quint32 obtain(const QString &id, quint8 tier) { return m_users.obtain(id, tier); }
    UserRecord &operator[](quint32 index) { return m_users[index]; }
    const UserRecord &operator[](quint32 index) const { return m_users[index]; }
    const QString &id(quint32 index) const { return m_users.id(index); }
    /// Users known now.
    qsizetype live() const { return m_users.live(); }
    /// The records, for the UsageLedger.
    UserTable &table() { return m_users; }
    const UserTable &table() const { return m_users; }

    /// A request names `tier`: an unpinned user takes it. True if the user's tier changed.
    bool offerTier(quint32 index, quint8 tier)
    {
        UserRecord &user = m_users[index];
        if (user.tierPinned || user.tier == tier)
            return false;
        user.tier = tier;
        return true;
    }
    /// Sets a user's tier, pinned or not (an admin's choice), adding the user if new.
    quint32 setTier(const QString &id, quint8 tier, bool pinned);
    /// Moves every user to their tier's new index (tierMap[old]) after a reconfiguration.
    void remapTiers(const std::vector<quint8> &tierMap);

    /// Starts a sweep pass from the first slot.
    void startSweep()
    {
        m_sweeping = true;
        m_cursor = 0;
    }
    bool sweeping() const { return m_sweeping; }
    /// At each acquire: starts a pass if the table has doubled, then sweeps kAcquireStep.
    template<typename InUse> void sweepOnAcquire(InUse inUse)
    {
        if (!m_sweeping && m_users.live() >= m_sweepAt)
            startSweep();
        sweep(kAcquireStep, inUse);
    }
    /// Looks at the next `budget` slots of the pass under way, if any; ends it at the last.
    template<typename InUse> void sweep(qsizetype budget, InUse inUse);

private:
    UserTable m_users;
    qsizetype m_sweepAt = kMinSweep; ///< live users that start the next pass
    qsizetype m_cursor = 0;          ///< next slot the pass under way looks at
    bool m_sweeping = false;
};

template<typename InUse> void UserDirectory::sweep(qsizetype budget, InUse inUse)
{
    if (!m_sweeping)
        return;
    const qsizetype end = std::min(m_cursor + budget, m_users.size());
    for (; m_cursor < end; ++m_cursor) {
        const auto index = quint32(m_cursor);
        const UserRecord &user = m_users[index];
        if (!m_users.id(index).isEmpty() && !user.tierPinned && !inUse(index, user))
            m_users.remove(index);
    }
    if (m_cursor < m_users.size())
        return;
    m_sweeping = false;
    m_sweepAt = std::max(kMinSweep, 2 * m_users.live());
}

} // namespace sluice
