#pragma once

#include "FuzzSupport.h"

#include "api/ApiService.h"
#include "api/CallbackReply.h"
#include "runtime/EngineRuntime.h"
#include "util/ManualClock.h"
#include "util/Scheduler.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <memory>

namespace sluice::fuzz {

/// A durable engine (SQLite in a temporary directory, manual clock, no timer) with the API in
/// front of it, kept for the whole run: pool "llm", tiers "free" and "pro". Targets send it
/// requests and drive time with advance().
class FuzzGateway
{
public:
    FuzzGateway()
    {
        application();
        const QString configPath = m_dir.filePath(QStringLiteral("sluice.toml"));
        QFile file(configPath);
        if (!file.open(QIODevice::WriteOnly))
            fail("cannot write the configuration");
        file.write("default_tier = \"free\"\n"
                   "[pools.llm]\nmax_concurrent = 2\nrequests_per_minute = 1000\n"
                   "tokens_per_minute = 100000\nmax_queue_length = 50\n"
                   "[tiers.free]\ndaily_requests = 100000\npriority = 0\n"
                   "[tiers.pro]\ndaily_requests = 100000\npriority = 2\n");
        file.close();
        RuntimeOptions options;
        options.dataDir = m_dir.filePath(QStringLiteral("data"));
        options.configPath = configPath;
        options.environment = QProcessEnvironment();
        options.clock = &m_clock;
        options.runTimer = false;
        Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options);
        if (!opened)
            fail(qPrintable(opened.error().message));
        m_runtime = std::move(opened).value();
        m_service = std::make_unique<ApiService>(*m_runtime);
    }

    ApiService &service() { return *m_service; }
    EngineRuntime &runtime() { return *m_runtime; }

    /// Sends `request` as the embedded dashboard would (as `role`) and waits for the answer
    /// (grants are answered once durable, so the writer thread must have committed).
    /// Returns the response; its status is 0 when none came.
    ApiResponse call(ApiRequest request, Role role = Role::Admin)
    {
        ApiResponse answer;
        int &status = answer.status;
        status = 0;
        CallbackReply reply([&answer](const ApiResponse &response) { answer = response; });
        request.peer = QStringLiteral("local");
        m_service->handleLocal(std::move(request), reply, role);
        QCoreApplication::processEvents();
        for (int i = 0; status == 0 && i < 3; ++i) {
            m_runtime->flush(1000);
            QCoreApplication::processEvents();
        }
        if (status == 0)
            reply.abandon();
        return answer;
    }

    /// Moves the clock on by `ms` and does the time-based work (expiries, timeouts).
    void advance(qint64 ms)
    {
        m_clock.advance(ms);
        m_runtime->advance();
        m_timers.advance();
    }
    /// The WebSocket sessions' timers, on the manual clock.
    Scheduler &timers() { return m_timers; }

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{1'767'261'600'000};
    Scheduler m_timers{m_clock, false};
    std::unique_ptr<EngineRuntime> m_runtime;
    std::unique_ptr<ApiService> m_service;
};

} // namespace sluice::fuzz
