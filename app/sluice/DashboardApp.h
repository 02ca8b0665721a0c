#pragma once

#include "DashboardOptions.h"
#include "connections/SecretStore.h"
#include "util/Scheduler.h"
#include "util/SystemClock.h"

#include <QObject>

#include <map>
#include <memory>

class QSettings;

namespace sluice {

class ApiBackend;
class Backend;
class Clock;
class EmbeddedEngine;
class GatewayDirectory;
class LocalTransport;
class MainWindow;
class RemoteTransport;
class ServeSwitch;
struct GatewayEntry;

/// The dashboard application, wired in one place: settings, the key store and the gateway
/// directory; the embedded engine ("Local") with its ApiBackend over LocalTransport, and
/// serving its API on 127.0.0.1 unless switched off; one ApiBackend over RemoteTransport per
/// remote gateway (connected at start and when added; rebuilt when edited); the main window,
/// the demo traffic switch and the serve switch. Nothing is global: tests, screenshots and
/// benchmarks build their own.
class DashboardApp : public QObject
{
    Q_OBJECT

public:
    /// What a run needs besides the command line (screenshots, tests and benchmarks set it).
    struct Setup
    {
        const Clock *clock = nullptr;  ///< null: the system clock
        bool runTimer = true;          ///< false: the caller drives the engine's time
        int dashboardIntervalMs = 100; ///< least time between two dashboard stream messages
        SecretStore::Mode secrets = SecretStore::Mode::Keychain;
        QString actor; ///< who the audit log names for local changes; empty: the login name
    };

    explicit DashboardApp(DashboardOptions options, QObject *parent = nullptr);
    DashboardApp(DashboardOptions options, Setup setup, QObject *parent = nullptr);
    ~DashboardApp() override;

    /// Opens the engine and builds the window (not shown); the Error naming what was wrong.
    Result<Done> start();

    MainWindow &window() const { return *m_window; }
    EmbeddedEngine &engine() const { return *m_engine; }
    GatewayDirectory &directory() const { return *m_directory; }
    QSettings &settings() const { return *m_settings; }
    ServeSwitch &serveSwitch() const { return *m_serve; }
    ApiBackend &localBackend() const { return *m_local; }
    /// The backend of gateway `id`; null while a remote one is not set up yet.
    Backend *backend(const QString &id) const;
    RemoteTransport *remoteTransport(const QString &id) const;

    /// Serves the API or stops serving it, and remembers the choice.
    void setServing(bool on);

private:
    struct RemoteLink
    {
        std::unique_ptr<RemoteTransport> transport;
        std::unique_ptr<ApiBackend> backend;
    };

    void buildWindow();
    void applyServing(bool on);
    void connectRemotes();
    void connectRemote(const GatewayEntry &entry);
    void dropRemote(const QString &id);
    QString dataDir() const;
    QString actor() const;

    DashboardOptions m_options;
    Setup m_setup;
    SystemClock m_systemClock;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<GatewayDirectory> m_directory;
    std::unique_ptr<EmbeddedEngine> m_engine;
    std::unique_ptr<LocalTransport> m_localTransport;
    std::unique_ptr<ApiBackend> m_local;
    /// The remote transports' retries and heartbeats: real time, whatever the engine runs on.
    Scheduler m_remoteTimers{m_systemClock, true};
    std::map<QString, RemoteLink> m_remotes;
    std::unique_ptr<MainWindow> m_window;
    ServeSwitch *m_serve = nullptr;
};

} // namespace sluice
