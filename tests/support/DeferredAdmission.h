#pragma once

#include "runtime/LocalAdmission.h"

#include <functional>
#include <vector>

namespace sluice::test {

/// An AdmissionService whose answers come later, as a shared (Redis) one's would after its
/// round trip: every call is held until answerAll(), which hands it to the real engine
/// (LocalAdmission) and calls back. Not a fake engine: only the timing is the test's.
class DeferredAdmission final : public AdmissionService
{
public:
    explicit DeferredAdmission(Engine &engine)
        : m_local(engine)
    {}

    void acquire(const AcquireRequest &request, Decided decided) override
    {
        hold([this, request, decided = std::move(decided)] { m_local.acquire(request, decided); });
    }
    void release(RequestId id, const Usage &usage, Ended done) override
    {
        hold([this, id, usage, done = std::move(done)] { m_local.release(id, usage, done); });
    }
    void cancel(RequestId id, Ended done) override
    {
        hold([this, id, done = std::move(done)] { m_local.cancel(id, done); });
    }
    void heartbeat(RequestId id, Ended done) override
    {
        hold([this, id, done = std::move(done)] { m_local.heartbeat(id, done); });
    }
    void throttle(const QString &pool, qint64 forMs) override { m_local.throttle(pool, forMs); }
    void describe(RequestId id, Described described) override
    {
        m_local.describe(id, std::move(described));
    }

    /// Calls held now (a call answered may make more).
    qsizetype pending() const { return qsizetype(m_held.size()); }
    /// Answers every held call, and those they make, until none is left.
    void answerAll()
    {
        while (!m_held.empty()) {
            std::vector<std::function<void()>> held;
            held.swap(m_held);
            for (const auto &call : held)
                call();
        }
    }

private:
    void hold(std::function<void()> call) { m_held.push_back(std::move(call)); }

    LocalAdmission m_local;
    std::vector<std::function<void()>> m_held;
};

} // namespace sluice::test
