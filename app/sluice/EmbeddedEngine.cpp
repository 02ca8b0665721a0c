#include "EmbeddedEngine.h"

#include "Gateway.h"
#include "runtime/DemoTraffic.h"
#include "runtime/EngineRuntime.h"

#include <QLoggingCategory>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcEmbedded, "sluice.app")
}

Result<std::unique_ptr<EmbeddedEngine>> EmbeddedEngine::open(const Options &options)
{
    std::unique_ptr<EmbeddedEngine> engine(new EmbeddedEngine);
    GatewayOptions gateway;
    gateway.dataDir = options.dataDir;
    gateway.configPath = options.configPath;
    gateway.clock = options.clock;
    gateway.runTimer = options.runTimer;
    gateway.dashboardIntervalMs = options.dashboardIntervalMs;
    gateway.listen = false;
    const Result<Done> opened = engine->m_thread.call([&]() -> Result<Done> {
        Result<std::unique_ptr<Gateway>> started = Gateway::start(gateway);
        if (!started)
            return started.error();
        engine->m_gateway = std::move(started).value();
        engine->m_demo = std::make_unique<DemoTraffic>(engine->m_gateway->runtime().engine());
        return Done{};
    });
    if (!opened)
        return opened.error();
    connect(engine->m_demo.get(), &DemoTraffic::runningChanged, engine.get(),
            &EmbeddedEngine::demoTrafficChanged);
    return engine;
}

EmbeddedEngine::~EmbeddedEngine()
{
    blockSignals(true);
    m_thread.call([this] {
        m_demo.reset();
        if (m_gateway)
            m_gateway->stopServing(u"the dashboard stopped serving the API"_s);
        m_gateway.reset(); // makes everything decided durable
    });
}

ApiService &EmbeddedEngine::api() const
{
    return m_gateway->api();
}

void EmbeddedEngine::serve(quint16 port)
{
    m_thread.post([this, port] {
        HttpServer::Options http;
        http.port = port;
        const Result<Done> served = m_gateway->listen(http);
        const quint16 at = served ? m_gateway->port() : 0;
        const QString error = served.error().message;
        QMetaObject::invokeMethod(
            this, [this, at, error] { reportServing(at, error); }, Qt::QueuedConnection);
    });
}

void EmbeddedEngine::stopServing()
{
    m_thread.post([this] {
        m_gateway->stopServing(u"the dashboard stopped serving the API"_s);
        QMetaObject::invokeMethod(
            this, [this] { reportServing(0, {}); }, Qt::QueuedConnection);
    });
}

void EmbeddedEngine::reportServing(quint16 port, const QString &error)
{
    if (port != 0 && port != m_port)
        qCInfo(lcEmbedded).noquote()
            << u"serving the gateway API on http://127.0.0.1:%1"_s.arg(port);
    m_port = port;
    emit servingChanged(port != 0, port, error);
}

void EmbeddedEngine::setDemoTraffic(bool on)
{
    m_thread.post([this, on] {
        if (on)
            m_demo->start();
        else
            m_demo->stop();
    });
}

} // namespace sluice
