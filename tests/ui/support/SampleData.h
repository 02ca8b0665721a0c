#pragma once

#include "protocol/ApiTypes.h"

namespace sluice::test {

class FakeBackend;

/// A seeded, busy engine state for widget tests and screenshots: three pools (anthropic
/// near its limits with a queue, elevenlabs paused, anam idle), four tiers with usage today,
/// one firing alert, queue tickets, users, audit entries and three config versions.
/// Time is fixed at kNow (2026-01-01 10:00 UTC).
class SampleData
{
public:
    static constexpr TimeMs kNow = 1'767'261'600'000;

    static EngineConfig config();
    static DashboardSnapshot snapshot(TimeMs at = kNow);
    static QList<RequestInfo> tickets(const QString &pool, int count, TimeMs at = kNow);
    static UserDetails user(const QString &id);
    static AlertRecord firingAlert();
    static QList<AuditEntry> auditEntries();
    /// Fills every value of `backend` from the above.
    static void seed(FakeBackend &backend);
};

} // namespace sluice::test
