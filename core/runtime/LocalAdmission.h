#pragma once

#include "runtime/AdmissionService.h"

namespace sluice {

class Engine;

/// Admission by this process's engine: each call is decided by the Engine and answered at
/// once, before it returns.
/// Threading: the engine's thread.
class LocalAdmission final : public AdmissionService
{
public:
    explicit LocalAdmission(Engine &engine)
        : m_engine(engine)
    {}

    void acquire(const AcquireRequest &request, Decided decided) override;
    void release(RequestId id, const Usage &usage, Ended done) override;
    void cancel(RequestId id, Ended done) override;
    void heartbeat(RequestId id, Ended done) override;
    void throttle(const QString &pool, qint64 forMs) override;
    void describe(RequestId id, Described described) override;

private:
    Engine &m_engine;
};

} // namespace sluice
