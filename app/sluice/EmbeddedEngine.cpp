#include "EmbeddedEngine.h"

#include "HttpServer.h"
#include "WebSocketHub.h"
#include "alerts/WebhookSink.h"
#include "api/ApiService.h"
#include "control/ControlPlane.h"
#include "runtime/DemoTraffic.h"
#include "runtime/EngineRuntime.h"

#include <QLoggingCategory>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcEmbedded, "sluice.app")
}

std::unique_ptr<EmbeddedEngine> EmbeddedEngine::open(const Options &options, QString *error)
{
    std::unique_ptr<EmbeddedEngine> engine(new EmbeddedEngine);
    RuntimeOptions runtime;
    runtime.dataDir = options.dataDir;
    runtime.configPath = options.configPath;
    runtime.clock = options.clock;
    runtime.runTimer = options.runTimer;
    engine->m_runtime = EngineRuntime::open(runtime, error);
    if (!engine->m_runtime)
        return nullptr;
    ApiService::Options api;
    api.dashboard.minIntervalMs = options.dashboardIntervalMs;
    engine->m_api = std::make_unique<ApiService>(*engine->m_runtime, api);
    engine->m_demo = std::make_unique<DemoTraffic>(engine->m_runtime->engine());
    engine->connectWebhook();
    return engine;
}

EmbeddedEngine::~EmbeddedEngine()
{
    blockSignals(true);
    stopServing();
    m_demo.reset();
    m_webhook.reset();
    m_api.reset();
    if (m_runtime)
        m_runtime->flush();
}

void EmbeddedEngine::connectWebhook()
{
    m_webhook = std::make_unique<WebhookSink>();
    ControlPlane &control = m_runtime->control();
    auto followConfig = [this, &control] {
        m_webhook->setUrl(QUrl(control.config().alertWebhookUrl));
    };
    followConfig();
    connect(&control, &ControlPlane::configChanged, this, followConfig);
    connect(&control, &ControlPlane::alertEvent, m_webhook.get(), &WebhookSink::send);
    connect(m_webhook.get(), &WebhookSink::givenUp, this, [](qint64 id, const QString &why) {
        qCWarning(lcEmbedded).noquote() << "alert" << id << "not delivered to the webhook:" << why;
    });
}

bool EmbeddedEngine::serve(quint16 port, QString *error)
{
    if (m_http && m_http->port() == port && port != 0)
        return true;
    stopServing();
    HttpServer::Options http;
    http.port = port;
    auto server = std::make_unique<HttpServer>(*m_api, http);
    if (!server->start(error))
        return false;
    m_http = std::move(server);
    m_webSockets =
        std::make_unique<WebSocketHub>(*m_http, *m_api, nullptr, WebSocketSession::Settings());
    qCInfo(lcEmbedded).noquote() << u"serving the gateway API on http://127.0.0.1:%1"_s.arg(
        m_http->port());
    emit servingChanged(true);
    return true;
}

void EmbeddedEngine::stopServing()
{
    if (!m_http)
        return;
    m_webSockets->closeAll(u"the dashboard stopped serving the API"_s);
    m_webSockets.reset();
    m_http.reset();
    emit servingChanged(false);
}

quint16 EmbeddedEngine::port() const
{
    return m_http ? m_http->port() : 0;
}

} // namespace sluice
