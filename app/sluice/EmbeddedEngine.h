#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace sluice {

class ApiService;
class Clock;
class DemoTraffic;
class EngineRuntime;
class HttpServer;
class WebhookSink;
class WebSocketHub;

/// The dashboard's own engine, "Local": an EngineRuntime with its durable state in a data
/// directory, the gateway's ApiService in front of it (the dashboard reaches it through
/// LocalTransport), the alert webhook, demo traffic, and optionally the gateway's HTTP and
/// WebSocket API on 127.0.0.1 so that local applications can use the same engine.
/// Threading: the GUI thread.
class EmbeddedEngine : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir;
        QString configPath;            ///< empty: built-in defaults
        const Clock *clock = nullptr;  ///< null: the system clock
        bool runTimer = true;          ///< false: the owner advances time (screenshots, tests)
        int dashboardIntervalMs = 100; ///< least time between two dashboard stream messages
    };

    /// Opens the engine; null with a message naming what was wrong.
    static std::unique_ptr<EmbeddedEngine> open(const Options &options, QString *error);
    ~EmbeddedEngine() override;

    /// Serves the API on 127.0.0.1:`port` (0: any free port); false with the reason, e.g.
    /// the port is taken. Serving again on another port moves it.
    bool serve(quint16 port, QString *error);
    void stopServing();
    bool isServing() const { return m_http != nullptr; }
    /// The port served on; 0 when not serving.
    quint16 port() const;

    EngineRuntime &runtime() { return *m_runtime; }
    ApiService &api() { return *m_api; }
    DemoTraffic &demo() { return *m_demo; }

signals:
    void servingChanged(bool serving);

private:
    EmbeddedEngine() = default;
    void connectWebhook();

    std::unique_ptr<EngineRuntime> m_runtime;
    std::unique_ptr<ApiService> m_api;
    std::unique_ptr<DemoTraffic> m_demo;
    std::unique_ptr<WebhookSink> m_webhook;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<WebSocketHub> m_webSockets;
};

} // namespace sluice
