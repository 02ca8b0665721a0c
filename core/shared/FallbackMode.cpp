#include "shared/FallbackMode.h"

namespace sluice {

using namespace Qt::StringLiterals;

void FallbackMode::linkChanged(bool ready, TimeMs now)
{
    m_linkReady = ready;
    m_failures = 0;
    if (!ready) {
        m_healthySince = -1;
        if (!m_active)
            enter(now, u"the link to Redis was lost"_s);
    } else if (m_active) {
        m_healthySince = now;
    }
}

void FallbackMode::callFailed(TimeMs now, const QString &why)
{
    m_healthySince = -1;
    if (++m_failures >= kEnterAfterFailures && !m_active)
        enter(now, u"%1 calls to Redis failed in a row (the last: %2)"_s.arg(m_failures).arg(why));
}

void FallbackMode::callSucceeded(TimeMs now)
{
    m_failures = 0;
    if (m_active && m_linkReady && m_healthySince < 0)
        m_healthySince = now;
}

bool FallbackMode::tryLeave(TimeMs now, bool unregisteredLeft)
{
    if (!recovered(now) || unregisteredLeft)
        return false;
    m_active = false;
    m_since = now;
    m_reason.clear();
    return true;
}

void FallbackMode::enter(TimeMs now, const QString &why)
{
    m_active = true;
    m_since = now;
    m_reason = why;
    ++m_entered;
}

} // namespace sluice
