#include "DashboardApp.h"

#include "EmbeddedEngine.h"
#include "ServeSwitch.h"
#include "api/ApiService.h"
#include "backend/ApiBackend.h"
#include "backend/LocalTransport.h"
#include "connections/GatewayDirectory.h"
#include "main/MainWindow.h"
#include "remote/RemoteTransport.h"
#include "util/PrivateFiles.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
const QString kServeKey = u"local/serve"_s;
}

DashboardApp::DashboardApp(DashboardOptions options, QObject *parent)
    : DashboardApp(std::move(options), Setup(), parent)
{}

DashboardApp::DashboardApp(DashboardOptions options, Setup setup, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_setup(std::move(setup))
{}

DashboardApp::~DashboardApp()
{
    if (m_window)
        m_window->saveSettings();
    m_window.reset();
    m_remotes.clear();
    m_local.reset();
    m_localTransport.reset();
    m_engine.reset();
}

Result<Done> DashboardApp::start()
{
    m_settings = m_options.settingsPath.isEmpty()
                     ? std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope,
                                                   u"sluice"_s, u"sluice"_s)
                     : std::make_unique<QSettings>(m_options.settingsPath, QSettings::IniFormat);
    const QString data = dataDir();
    if (Result<Done> made = makePrivateDirectory(data); !made)
        return made;
    m_secrets = std::make_unique<SecretStore>(
        u"sluice"_s, QDir(data).filePath(u"gateway-keys.ini"_s), m_setup.secrets);
    m_directory = std::make_unique<GatewayDirectory>(*m_settings, *m_secrets);

    EmbeddedEngine::Options engine;
    engine.dataDir = data;
    engine.configPath = m_options.configPath;
    engine.clock = m_setup.clock;
    engine.runTimer = m_setup.runTimer;
    engine.dashboardIntervalMs = m_setup.dashboardIntervalMs;
    Result<std::unique_ptr<EmbeddedEngine>> opened = EmbeddedEngine::open(engine);
    if (!opened)
        return opened.error();
    m_engine = std::move(opened).value();
    m_localTransport = std::make_unique<LocalTransport>(m_engine->api(), Role::Admin, actor());
    m_local = std::make_unique<ApiBackend>(*m_localTransport, u"Local"_s,
                                           m_setup.clock ? *m_setup.clock : m_systemClock);

    buildWindow();
    applyServing(m_options.serve.value_or(m_settings->value(kServeKey, true).toBool()));
    connectRemotes();
    m_window->restoreSettings();
    return Done{};
}

void DashboardApp::buildWindow()
{
    m_window = std::make_unique<MainWindow>(*m_settings, *m_directory,
                                            m_setup.clock ? *m_setup.clock : m_systemClock);
    m_serve = new ServeSwitch(m_window.get());
    m_window->statusBar()->addWidget(m_serve);
    connect(m_serve, &ServeSwitch::toggled, this, &DashboardApp::setServing);

    connect(m_window.get(), &MainWindow::demoTrafficToggled, m_engine.get(),
            &EmbeddedEngine::setDemoTraffic);
    connect(m_engine.get(), &EmbeddedEngine::demoTrafficChanged, m_window.get(),
            &MainWindow::setDemoTrafficOn);
    connect(m_engine.get(), &EmbeddedEngine::servingChanged, m_serve,
            [this](bool serving, quint16 port, const QString &error) {
                if (serving)
                    m_serve->showServing(port);
                else
                    m_serve->showNotServing(error);
                m_window->closeGuard().setServing(serving ? ServeSwitch::address(port)
                                                          : QString());
            });

    connect(m_directory.get(), &GatewayDirectory::changed, this, &DashboardApp::connectRemotes);
    connect(m_directory.get(), &GatewayDirectory::gatewayRemoved, this, &DashboardApp::dropRemote);
    connect(m_directory.get(), &GatewayDirectory::gatewayEdited, this, [this](const QString &id) {
        dropRemote(id);
        connectRemotes();
    });
    m_window->setBackend(GatewayEntry::kLocalId, m_local.get());
}

void DashboardApp::setServing(bool on)
{
    m_settings->setValue(kServeKey, on);
    applyServing(on);
}

void DashboardApp::applyServing(bool on)
{
    // The switch shows the outcome when the engine thread reports it (servingChanged).
    if (on) {
        m_serve->showStarting();
        m_engine->serve(m_options.port);
    } else {
        m_engine->stopServing();
    }
}

void DashboardApp::connectRemotes()
{
    for (const GatewayEntry &entry : m_directory->gateways()) {
        if (!entry.isLocal() && m_remotes.find(entry.id) == m_remotes.end())
            connectRemote(entry);
    }
}

void DashboardApp::connectRemote(const GatewayEntry &entry)
{
    // The link exists at once (so that it is not made twice); its transport comes with the key.
    m_remotes.emplace(entry.id, RemoteLink());
    m_directory->apiKey(entry.id, [this, entry](const std::optional<QString> &key,
                                                const QString &) {
        const auto link = m_remotes.find(entry.id);
        if (link == m_remotes.end() || link->second.transport)
            return;
        RemoteSettings settings;
        settings.baseUrl = QUrl(entry.url);
        settings.apiKey = key.value_or(QString());
        settings.verifyTls = entry.verifyTls;
        RemoteLink &remote = link->second;
        remote.transport = std::make_unique<RemoteTransport>(settings, m_remoteTimers);
        remote.backend =
            std::make_unique<ApiBackend>(*remote.transport, entry.name, m_remoteTimers.clock());
        m_window->setBackend(entry.id, remote.backend.get());
    });
}

void DashboardApp::dropRemote(const QString &id)
{
    m_window->setBackend(id, nullptr);
    m_remotes.erase(id);
}

Backend *DashboardApp::backend(const QString &id) const
{
    if (id == GatewayEntry::kLocalId)
        return m_local.get();
    const auto link = m_remotes.find(id);
    return link == m_remotes.end() ? nullptr : link->second.backend.get();
}

RemoteTransport *DashboardApp::remoteTransport(const QString &id) const
{
    const auto link = m_remotes.find(id);
    return link == m_remotes.end() ? nullptr : link->second.transport.get();
}

QString DashboardApp::dataDir() const
{
    if (!m_options.dataDir.isEmpty())
        return m_options.dataDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString DashboardApp::actor() const
{
    if (!m_setup.actor.isEmpty())
        return m_setup.actor;
    const QString login = qEnvironmentVariable("USER");
    return login.isEmpty() ? u"local"_s : login;
}

} // namespace sluice
