#include "runtime/LocalAdmission.h"

#include "engine/Engine.h"

namespace sluice {

void LocalAdmission::acquire(const AcquireRequest &request, Decided decided)
{
    decided(m_engine.withSecret(m_engine.acquire(request)));
}

void LocalAdmission::release(RequestId id, const Usage &usage, Ended done)
{
    done(m_engine.release(id, usage));
}

void LocalAdmission::cancel(RequestId id, Ended done)
{
    done(m_engine.cancel(id));
}

void LocalAdmission::heartbeat(RequestId id, Ended done)
{
    done(m_engine.heartbeat(id));
}

void LocalAdmission::describe(RequestId id, Described described)
{
    described(m_engine.request(id));
}

void LocalAdmission::throttle(const QString &pool, qint64 forMs)
{
    m_engine.throttle(pool, forMs);
}

} // namespace sluice
