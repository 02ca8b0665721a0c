#pragma once

#include "RuntimeFixture.h"

#include "api/ApiService.h"
#include "backend/ApiBackend.h"
#include "backend/LocalTransport.h"

#include <QTest>

namespace sluice::test {

/// The dashboard's local stack on a real, durable engine: RuntimeFixture (temporary
/// directory, manual clock, no timer), ApiService, LocalTransport and ApiBackend. The
/// dashboard stream publishes at the next event-loop turn (no coalescing delay). The
/// constructor waits for the first snapshot.
struct LocalStack
{
    RuntimeFixture fixture;
    std::unique_ptr<ApiService> service;
    std::unique_ptr<LocalTransport> transport;
    std::unique_ptr<ApiBackend> backend;

    explicit LocalStack(Role role = Role::Admin,
                        const EngineConfig &config = EngineFixture::defaultTestConfig())
    {
        fixture.writeConfig(config);
        if (!fixture.open())
            return;
        ApiService::Options options;
        options.dashboard.minIntervalMs = 0;
        service = std::make_unique<ApiService>(*fixture.runtime, options);
        transport = std::make_unique<LocalTransport>(*service, role, QStringLiteral("tester"));
        backend = std::make_unique<ApiBackend>(*transport, QStringLiteral("Local"), fixture.clock);
        // The first snapshot comes queued, as a remote gateway's does.
        if (!QTest::qWaitFor([this] { return backend->follower().snapshotsApplied() > 0; }))
            qWarning("LocalStack: no dashboard snapshot came");
    }

    ~LocalStack()
    {
        backend.reset();
        transport.reset();
        service.reset();
        if (fixture.runtime)
            fixture.runtime->flush();
    }

    Engine &engine() { return fixture.engine(); }
    ConfigVersions &configVersions() { return fixture.configVersions(); }
    AlertDesk &alerts() { return fixture.alerts(); }
    void advance(qint64 ms)
    {
        fixture.clock.advance(ms);
        fixture.runtime->advance();
    }
    Decision acquire(const QString &user, const QString &tier = {})
    {
        return fixture.acquire(user, tier);
    }
};

} // namespace sluice::test
