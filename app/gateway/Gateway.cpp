#include "Gateway.h"

#include "ProxyRoute.h"
#include "ReverseProxy.h"
#include "WebSocketHub.h"
#include "api/ApiService.h"
#include "api/WebhookSink.h"
#include "control/AlertDesk.h"
#include "control/ConfigVersions.h"
#include "runtime/EngineRuntime.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedConfig.h"
#include "shared/SharedKeys.h"
#include "shared/SharedLink.h"
#include "store/Store.h"
#include "util/Scheduler.h"

#include <QFile>
#include <QTimer>

#include <cstdio>

namespace sluice {

using namespace Qt::StringLiterals;

Result<std::unique_ptr<Gateway>> Gateway::start(const GatewayOptions &options)
{
    std::unique_ptr<Gateway> gateway(new Gateway);
    gateway->m_options = options;
    QIODevice *logOutput = options.logOutput;
    if (!logOutput) {
        auto stderrFile = std::make_unique<QFile>();
        if (!stderrFile->open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered))
            return Error{errors::kFileFailed, u"cannot write the log to stderr"_s, {}};
        logOutput = stderrFile.get();
        gateway->m_ownLogOutput = std::move(stderrFile);
    }
    gateway->m_log = std::make_unique<AccessLog>(options.logFormat, logOutput);

    RuntimeOptions runtime;
    runtime.dataDir = options.dataDir;
    runtime.configPath = options.configPath;
    runtime.environment = options.environment;
    runtime.clock = options.clock;
    runtime.runTimer = options.runTimer;
    runtime.shared = options.shared.has_value();
    Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(runtime);
    if (!opened)
        return opened.error();
    gateway->m_runtime = std::move(opened).value();
    gateway->m_timers = std::make_unique<Scheduler>(gateway->m_runtime->clock(), options.runTimer);
    if (options.shared)
        gateway->startShared(*options.shared);

    ApiService::Options api;
    api.log = gateway->m_log.get();
    api.ticketCoalesceMs = options.ticketCoalesceMs;
    api.throttle = options.authThrottle;
    api.dashboard.minIntervalMs = options.dashboardIntervalMs;
    api.timers = gateway->m_timers.get();
    gateway->m_api = std::make_unique<ApiService>(*gateway->m_runtime, api);
    if (gateway->m_sharedLink)
        gateway->m_sharedKeys =
            std::make_unique<SharedKeys>(gateway->m_api->keys(), *gateway->m_sharedLink);
    gateway->connectAlertSinks();
    ProxyOptions proxy;
    proxy.authenticate = proxyAuthenticator(gateway->m_api->keys());
    proxy.environment = options.environment;
    gateway->m_proxy = std::make_unique<ReverseProxy>(
        gateway->m_runtime->engine(), gateway->m_runtime->admission(), *gateway->m_timers, proxy);
    mountProxy(gateway->m_api->router(), *gateway->m_proxy);
    if (options.listen) {
        if (Result<Done> listening = gateway->listen(options.http); !listening)
            return listening.error();
    }
    return gateway;
}

Result<Done> Gateway::listen(const HttpServer::Options &http)
{
    if (m_http && m_http->port() == http.port && http.port != 0 &&
        m_options.http.address == http.address)
        return Done{};
    if (m_http)
        stopServing(u"the gateway moved to another address"_s);
    auto server = std::make_unique<HttpServer>(*m_api, http);
    if (Result<Done> started = server->start(); !started)
        return started;
    m_options.http = http;
    m_http = std::move(server);
    m_webSockets = std::make_unique<WebSocketHub>(*m_http, *m_api, m_log.get(),
                                                  m_options.webSockets, *m_timers);
    return Done{};
}

void Gateway::stopServing(const QString &reason)
{
    if (!m_http)
        return;
    m_webSockets->closeAll(reason);
    m_webSockets.reset();
    m_http.reset();
}

quint16 Gateway::port() const
{
    return m_http ? m_http->port() : 0;
}

void Gateway::advance()
{
    m_runtime->advance();
    m_timers->advance();
}

void Gateway::startShared(const SharedOptions &given)
{
    // A replica's identity is its store: the tickets and leases it restores are claimed in
    // Redis under its name, so a default name (host and port, or process id) is the one of
    // its first start, whatever the host is called now.
    SharedOptions options = given;
    if (!options.replicaGiven) {
        const QString nameKey = u"shared_replica_name:"_s + options.deployment;
        const Result<std::optional<QString>> kept = m_runtime->store().meta(nameKey);
        if (kept && *kept && !(*kept)->isEmpty()) {
            options.replica = **kept;
        } else {
            StoreBatch batch;
            batch.setMeta(nameKey, options.replica);
            m_runtime->append(std::move(batch));
        }
    }
    m_sharedLink = std::make_unique<SharedLink>(options);
    auto admission = std::make_unique<SharedAdmission>(m_runtime->engine(), *m_sharedLink);
    m_sharedAdmission = admission.get();
    // The id of the usage in Redis this replica's usage went into, kept across restarts: if
    // Redis lost it meanwhile, the usage restored from the store is counted there again.
    const QString usageKey = u"shared_usage_id:"_s + options.deployment;
    const Result<std::optional<QString>> usageId = m_runtime->store().meta(usageKey);
    admission->setUsageId(usageId && *usageId ? **usageId : QString(),
                          [this, usageKey](const QString &id) {
                              StoreBatch batch;
                              batch.setMeta(usageKey, id);
                              m_runtime->append(std::move(batch));
                          });
    m_runtime->setAdmission(std::move(admission));
    ConfigVersions &versions = m_runtime->configVersions();
    // Before SharedConfig: a configuration adopted from Redis goes to the link first.
    connect(&versions, &ConfigVersions::configChanged, m_sharedLink.get(),
            [this, &versions] { m_sharedLink->configure(versions.config()); });
    m_sharedConfig = std::make_unique<SharedConfig>(*m_runtime, *m_sharedLink);
    m_sharedAdmission->setSharedConfig(m_sharedConfig.get());
    m_sharedLink->open(versions.config());
    if (m_options.runTimer) {
        m_sharedUpkeep = std::make_unique<QTimer>();
        connect(m_sharedUpkeep.get(), &QTimer::timeout, m_sharedAdmission, [this] {
            m_sharedAdmission->upkeep();
            m_sharedConfig->upkeep(m_runtime->clock().now());
            if (m_sharedKeys)
                m_sharedKeys->upkeep(m_runtime->clock().now());
            m_sharedUpkeep->setInterval(m_sharedAdmission->upkeepIntervalMs());
        });
        m_sharedUpkeep->start(m_sharedAdmission->upkeepIntervalMs());
    }
}

void Gateway::connectAlertSinks()
{
    m_webhook = std::make_unique<WebhookSink>();
    ConfigVersions &versions = m_runtime->configVersions();
    auto followConfig = [this, &versions] {
        m_webhook->setUrl(QUrl(versions.config().alertWebhookUrl));
    };
    followConfig();
    connect(&versions, &ConfigVersions::configChanged, this, followConfig);
    connect(&m_runtime->alerts(), &AlertDesk::alertEvent, this, [this](const AlertEvent &event) {
        m_log->alert(m_runtime->clock().now(), event);
        m_webhook->send(event);
    });
    connect(m_webhook.get(), &WebhookSink::givenUp, this, [](qint64 id, const QString &error) {
        qWarning().noquote() << "alert" << id << "not delivered to the webhook:" << error;
    });
}

Gateway::~Gateway()
{
    m_webSockets.reset();
    m_http.reset();
    m_proxy.reset();
    m_webhook.reset();
    m_sharedKeys.reset(); // it holds the API's keys
    m_api.reset();
    m_timers.reset(); // after everything that has tasks on it
    if (m_runtime)
        m_runtime->flush();
    m_sharedUpkeep.reset();
    if (m_sharedAdmission)
        m_sharedAdmission->setSharedConfig(nullptr);
    m_sharedConfig.reset(); // before the runtime's ConfigVersions it follows
    m_runtime.reset();
    m_sharedLink.reset(); // after the runtime's admission, which uses it
    if (m_log)
        m_log->flush();
}

void Gateway::shutdown(std::function<void()> done)
{
    if (m_http) {
        m_http->stopListening();
        m_webSockets->closeAll(u"server shutting down"_s);
    }
    m_api->setShuttingDown(true);
    m_runtime->flush();
    m_log->flush();
    QTimer::singleShot(m_options.shutdownGraceMs, this, [this, done = std::move(done)] {
        m_log->flush();
        done();
    });
}

} // namespace sluice
