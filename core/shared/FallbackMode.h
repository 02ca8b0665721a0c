#pragma once

#include "util/Clock.h"

#include <QString>

namespace sluice {

/// Whether a replica decides its local_share pools alone (SCALEOUT.md, "Redis-down modes"),
/// entered and left with hysteresis so that a flapping link does not flip the mode:
///  - entered at once when the link to Redis is lost, or after kEnterAfterFailures calls in
///    a row failed on a link that stayed up (timeouts, errors);
///  - recovered once the link has been ready, with every call answered, for kLeaveAfterMs:
///    from then on nothing new is decided alone;
///  - left once recovered and the leases granted alone are registered in Redis (sl_reassert).
/// Times are the engine's monotonic clock. Threading: the engine's thread.
class FallbackMode
{
public:
    static constexpr int kEnterAfterFailures = 3;
    static constexpr qint64 kLeaveAfterMs = 5000;

    /// The link became ready (connected, library loaded, pools configured) or was lost.
    void linkChanged(bool ready, TimeMs now);
    /// A call to Redis failed (a timeout or an error) on a link said to be ready.
    void callFailed(TimeMs now, const QString &why);
    void callSucceeded(TimeMs now);
    /// Leaves the mode when Redis has been healthy for kLeaveAfterMs and nothing granted alone
    /// is left to register; true when it left now.
    bool tryLeave(TimeMs now, bool unregisteredLeft);

    bool active() const { return m_active; }
    /// Active, but Redis has answered for kLeaveAfterMs: decide in Redis again, and leave once
    /// what was granted alone is registered.
    bool recovered(TimeMs now) const
    {
        return m_active && m_linkReady && m_healthySince >= 0 && now - m_healthySince >= kLeaveAfterMs;
    }
    /// When the current mode (alone or shared) began; 0 before the first change.
    TimeMs since() const { return m_since; }
    /// Why it was entered; empty while shared.
    QString reason() const { return m_reason; }
    /// How often it was entered since start.
    quint64 entered() const { return m_entered; }

private:
    void enter(TimeMs now, const QString &why);

    bool m_active = false;
    bool m_linkReady = false;
    int m_failures = 0;
    TimeMs m_since = 0;
    TimeMs m_healthySince = -1; ///< -1: not healthy (or not since the last failure)
    QString m_reason;
    quint64 m_entered = 0;
};

} // namespace sluice
