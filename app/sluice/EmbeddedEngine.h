#pragma once

#include "runtime/EngineThread.h"
#include "util/Result.h"

#include <QObject>
#include <QString>

#include <memory>

namespace sluice {

class ApiService;
class Clock;
class DemoTraffic;
class Gateway;

/// The dashboard's own engine, "Local": the same Gateway that sluiced runs (engine runtime
/// with its durable state in a data directory, ApiService, access log, alert webhook, reverse
/// proxy, HTTP and WebSocket API) plus demo traffic, all on its own EngineThread. The GUI
/// reaches it through LocalTransport (queued, like a remote gateway) and the calls below,
/// which post to the engine thread and answer with signals. The API is served on 127.0.0.1
/// when asked, so that local applications can use the same engine.
///
/// Threading: create and use on the GUI thread; gateway() and demo() only inside call().
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

    /// Opens the engine on its thread and waits for it; null with a message naming what was
    /// wrong.
    static Result<std::unique_ptr<EmbeddedEngine>> open(const Options &options);
    /// Stops serving, makes everything durable and ends the engine thread.
    ~EmbeddedEngine() override;

    /// Serves the API on 127.0.0.1:`port` (0: any free port), or moves it there; the outcome
    /// comes with servingChanged().
    void serve(quint16 port);
    void stopServing();
    /// As servingChanged() last said.
    bool isServing() const { return m_port != 0; }
    quint16 port() const { return m_port; }

    void setDemoTraffic(bool on);

    /// The API service, for a LocalTransport; it lives on the engine thread.
    ApiService &api() const;
    /// Runs `work` on the engine thread and waits for its result: for start-up, tests and the
    /// screenshot run, which may use gateway() and demo() inside it.
    template<typename Work> auto call(Work &&work)
    {
        return m_thread.call(std::forward<Work>(work));
    }
    Gateway &gateway() const { return *m_gateway; }
    DemoTraffic &demo() const { return *m_demo; }

signals:
    /// Serving on `port`, or not (then `error` says why, empty when switched off).
    void servingChanged(bool serving, quint16 port, const QString &error);
    void demoTrafficChanged(bool on);

private:
    EmbeddedEngine() = default;
    void reportServing(quint16 port, const QString &error);

    EngineThread m_thread; ///< first: it ends after everything on it is gone
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<DemoTraffic> m_demo;
    quint16 m_port = 0;
};

} // namespace sluice
