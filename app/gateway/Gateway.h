#pragma once

#include "HttpServer.h"
#include "WebSocketSession.h"
#include "api/AccessLog.h"
#include "api/AuthThrottle.h"
#include "shared/SharedOptions.h"

#include <QObject>
#include <QProcessEnvironment>

#include <functional>
#include <memory>

class QIODevice;
class QTimer;

namespace sluice {

class ApiService;
class Clock;
class EngineRuntime;
class ReverseProxy;
class SharedAdmission;
class SharedConfig;
class SharedKeys;
class SharedLink;
class Scheduler;
class WebhookSink;
class WebSocketHub;

/// How to run a gateway (what `sluiced` is given on its command line).
struct GatewayOptions
{
    QString configPath; ///< TOML; empty: the built-in default configuration
    QString dataDir;    ///< holds sluice.db
    HttpServer::Options http;
    bool listen = true; ///< false: start without serving; listen() serves later (the dashboard)
    WebSocketSession::Settings webSockets;
    AuthThrottle::Settings authThrottle; ///< how bad keys are slowed down
    int ticketCoalesceMs = 100;          ///< least time between two status messages of a ticket
    int dashboardIntervalMs = 100;       ///< least time between two dashboard stream messages
    AccessLog::Format logFormat = AccessLog::Format::Plain;
    QIODevice *logOutput = nullptr; ///< where request and decision lines go; null: stderr
    /// Environment overrides of the configuration, and the pools' upstream keys for the proxy.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const Clock *clock = nullptr; ///< null: the system clock (tests inject one)
    bool runTimer = true;         ///< false: the owner drives the gateway's time (tests)
    int shutdownGraceMs = 200;    ///< time given to answers in flight to reach clients
    /// Set: admission is shared with the other replicas of a deployment through Redis
    /// (sluiced --redis); unset: this process decides alone.
    std::optional<SharedOptions> shared;
};

/// One running gateway, wired in one place: the engine runtime (store, journal, configuration
/// versions, audit trail, alerts, pool operations, timer), the log, the API service, the HTTP
/// server with its WebSocket endpoints and the reverse proxy (/proxy/<pool>/<path>), the
/// alert sinks (the log, and the webhook named by the configuration), and one Scheduler for
/// every timer but the engine's. sluiced and the dashboard's embedded engine are both this.
/// Threading: everything runs on the thread that calls start() (its event loop): the
/// EngineThread in both programs, the test's own thread in tests.
class Gateway : public QObject
{
    Q_OBJECT

public:
    /// Opens the runtime and starts listening (unless options.listen is false); the Error
    /// naming what was wrong.
    static Result<std::unique_ptr<Gateway>> start(const GatewayOptions &options);
    ~Gateway() override;

    /// Serves HTTP and WebSocket as `http` says (again after stopServing(); while serving,
    /// moves to the new address); LISTEN_FAILED with the reason, e.g. the port is taken.
    Result<Done> listen(const HttpServer::Options &http);
    /// Stops listening and closes every connection, telling WebSocket clients `reason`.
    void stopServing(const QString &reason);
    bool isServing() const { return m_http != nullptr; }

    EngineRuntime &runtime() { return *m_runtime; }
    ApiService &api() { return *m_api; }
    HttpServer &http() { return *m_http; }               ///< while serving
    WebSocketHub &webSockets() { return *m_webSockets; } ///< while serving
    AccessLog &log() { return *m_log; }
    WebhookSink &webhook() { return *m_webhook; }
    ReverseProxy &proxy() { return *m_proxy; }
    /// Shared mode (options.shared): the link to Redis and the admission over it; else null.
    SharedLink *sharedLink() { return m_sharedLink.get(); }
    SharedAdmission *sharedAdmission() { return m_sharedAdmission; }
    SharedConfig *sharedConfig() { return m_sharedConfig.get(); }
    SharedKeys *sharedKeys() { return m_sharedKeys.get(); }
    quint16 port() const; ///< 0 when not serving
    /// Runs the work that is due on the clock (the engine's; the WebSocket sessions' idle and
    /// ping timers and refusals, the dashboard stream's and tickets' pacing, the proxy's
    /// retries): what the timers do when options.runTimer is true (tests that drive the clock
    /// call it).
    void advance();

    /// Graceful shutdown: stop accepting, refuse new acquires, make everything decided
    /// durable (waiting tickets and leases stay in the store for the next start), give the
    /// answers in flight time to reach their clients, then call `done`.
    void shutdown(std::function<void()> done);

private:
    Gateway() = default;
    void connectAlertSinks();
    void startShared(const SharedOptions &options);

    GatewayOptions m_options;
    std::unique_ptr<QIODevice> m_ownLogOutput;
    std::unique_ptr<AccessLog> m_log;
    std::unique_ptr<SharedLink> m_sharedLink;   ///< outlives the runtime's admission
    SharedAdmission *m_sharedAdmission = nullptr; ///< owned by the runtime
    std::unique_ptr<SharedConfig> m_sharedConfig;
    std::unique_ptr<QTimer> m_sharedUpkeep;
    std::unique_ptr<EngineRuntime> m_runtime;
    std::unique_ptr<Scheduler> m_timers; ///< every timer of the gateway but the engine's
    std::unique_ptr<ApiService> m_api;
    std::unique_ptr<SharedKeys> m_sharedKeys; ///< shared mode: the deployment's keys
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<WebSocketHub> m_webSockets;
    std::unique_ptr<WebhookSink> m_webhook;
    std::unique_ptr<ReverseProxy> m_proxy;
};

} // namespace sluice
