#pragma once

#include "ProxyHttpServer.h"
#include "ReverseProxy.h"
#include "config/EngineConfig.h"
#include "runtime/EngineRuntime.h"
#include "util/Scheduler.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace sluice::test {

/// Sluice in real time as the daemon runs it, for end-to-end tests and benchmarks: an
/// EngineRuntime (SQLite store in a temporary directory, journal, timer) with the given
/// configuration applied, the reverse proxy, and its HTTP server on 127.0.0.1.
class ProxyStack
{
public:
    /// Null, with a message, when the runtime cannot open, the configuration is refused or
    /// the server cannot listen.
    static std::unique_ptr<ProxyStack> start(const EngineConfig &config, ProxyOptions options,
                                             QString *error);
    ~ProxyStack();

    EngineRuntime &runtime() { return *m_runtime; }
    Engine &engine() { return m_runtime->engine(); }
    ReverseProxy &proxy() { return *m_proxy; }
    /// http://127.0.0.1:PORT; the proxy is under /proxy/<pool>/.
    QUrl baseUrl() const { return m_server->baseUrl(); }

private:
    ProxyStack() = default;

    QTemporaryDir m_dir;
    std::unique_ptr<EngineRuntime> m_runtime;
    std::unique_ptr<Scheduler> m_timers; ///< the proxy's retries, on the runtime's clock
    std::unique_ptr<ReverseProxy> m_proxy;
    std::unique_ptr<ProxyHttpServer> m_server;
};

} // namespace sluice::test
