#include "ScreenshotRun.h"

#include "DashboardApp.h"
#include "EmbeddedEngine.h"
#include "Gateway.h"
#include "api/ApiKeys.h"
#include "api/ApiService.h"
#include "backend/ApiBackend.h"
#include "backend/ApiTransport.h"
#include "config/ConfigPresets.h"
#include "connections/GatewayDirectory.h"
#include "engine/Engine.h"
#include "main/DashboardView.h"
#include "main/MainWindow.h"
#include "pages/AlertsPage.h"
#include "pages/AuditPage.h"
#include "pages/OverviewPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "runtime/DemoTraffic.h"
#include "runtime/EngineRuntime.h"
#include "util/ManualClock.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
/// 2026-03-02 13:50 UTC, a Monday afternoon: fixed, so that every run draws the same images.
constexpr TimeMs kSeedStart = 1'772'459'400'000;
constexpr int kStepMs = DemoTraffic::kTickMs;
/// Near the end an operator pauses the busiest pool (its queue grows), and a free user is
/// refused for their daily quota.
constexpr int kPauseBeforeEnd = 40;
constexpr int kRejectedBeforeEnd = 100;

const QStringList kPageFiles{u"overview"_s, u"queues"_s, u"limits"_s,     u"users"_s,
                             u"alerts"_s,   u"audit"_s,  u"connections"_s};

template<typename T> Callback<T> ignored()
{
    return [](const Result<T> &) {
    };
}
} // namespace

ScreenshotRun::ScreenshotRun(DashboardApp &app, ManualClock &clock)
    : m_app(app)
    , m_clock(clock)
{}

void ScreenshotRun::seed(int minutes)
{
    EmbeddedEngine &engine = m_app.engine();
    DashboardView *view = m_app.window().view(GatewayEntry::kLocalId);
    if (!view)
        return;
    OverviewPage *overview = view->overview();
    for (int second = 0; second < minutes * 60; ++second) {
        engine.call([this, &engine] {
            for (int ms = 0; ms < 1000; ms += kStepMs) {
                m_clock.advance(kStepMs);
                engine.demo().tick();
                engine.gateway().advance(); // the engine, and the stream's pacing
            }
        });
        step(second, minutes * 60 - second);
        QCoreApplication::processEvents();
        overview->tick();
    }
    m_app.window().setDemoTrafficOn(true);
    engine.call([&engine] { engine.gateway().runtime().flush(); });
}

void ScreenshotRun::step(int second, int secondsLeft)
{
    ApiBackend &local = m_app.localBackend();
    if (secondsLeft == kPauseBeforeEnd)
        local.poolAction(u"anthropic"_s, PoolAction::Pause, ignored<qint64>());
    if (secondsLeft == kRejectedBeforeEnd) {
        // An application asks for more than its user's quota allows: the Users page shows why.
        for (int i = 0; i < 3; ++i) {
            ApiRequest acquire;
            acquire.method = HttpMethod::Post;
            acquire.path = u"/v1/acquire"_s;
            acquire.body = R"({"pool": "elevenlabs", "user": "demo-free-7", "wait": false})";
            local.transport().send(acquire, [](const ApiResponse &) {});
        }
    }
    switch (second) {
    case 90: {
        EmbeddedEngine &engine = m_app.engine();
        EngineConfig config =
            engine.call([&engine] { return engine.gateway().runtime().engine().config(); });
        applyPreset(config.pools.first(), u"Balanced");
        local.applyConfig(config, 0, u"Balanced preset for the launch"_s, ignored<ConfigApplied>());
        break;
    }
    case 200:
        local.poolAction(u"anam"_s, PoolAction::Pause, ignored<qint64>());
        break;
    case 230:
        local.poolAction(u"anam"_s, PoolAction::Resume, ignored<qint64>());
        break;
    case 300:
        local.setUserTier(u"demo-basic-2"_s, u"pro"_s, ignored<Done>());
        break;
    case 400:
        if (!local.snapshot().activeAlerts.isEmpty())
            local.acknowledgeAlert(local.snapshot().activeAlerts.first().id, ignored<Done>());
        break;
    case 480:
        local.sendTestAlert(ignored<Done>());
        break;
    default:
        break;
    }
}

void ScreenshotRun::addGateways()
{
    if (!m_app.engine().isServing())
        return;
    EmbeddedEngine &engine = m_app.engine();
    const Result<ApiKeys::Created> key = engine.call(
        [&engine] { return engine.api().keys().create(u"support-desk"_s, Role::Support); });
    if (!key)
        return;
    GatewayDirectory &directory = m_app.directory();
    directory.add({QString(), u"Support desk"_s,
                   u"http://127.0.0.1:%1"_s.arg(m_app.engine().port()), true,
                   ConnectionState::Connecting},
                  key->key);
    directory.add(
        {QString(), u"Staging"_s, u"http://127.0.0.1:9"_s, true, ConnectionState::Connecting},
        u"sk_staging"_s);
}

void ScreenshotRun::settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

Result<Done> ScreenshotRun::render(const QString &dir)
{
    if (!QDir().mkpath(dir)) {
        return Error{errors::kFileFailed, u"cannot create %1"_s.arg(dir), {}};
    }
    addGateways();
    MainWindow &window = m_app.window();
    window.resize(1280, 820);
    window.show();
    window.selectGateway(GatewayEntry::kLocalId);
    settle(1500);
    DashboardView *view = window.view(GatewayEntry::kLocalId);
    if (!view) {
        return Error{errors::kFileFailed, u"the Local gateway has no view"_s, {}};
    }
    const DashboardSnapshot snapshot = m_app.localBackend().snapshot();
    const auto busiest = std::max_element(
        snapshot.pools.begin(), snapshot.pools.end(),
        [](const PoolStatus &a, const PoolStatus &b) { return a.waiting < b.waiting; });
    for (int page = 0; page < kPageFiles.size(); ++page) {
        window.showPage(page);
        if (page == DashboardView::Queues && busiest != snapshot.pools.end())
            view->queues()->selectPool(busiest->name);
        if (page == DashboardView::Users)
            view->users()->search(u"demo-free-7"_s);
        if (page == DashboardView::Alerts)
            view->alerts()->refresh();
        if (page == DashboardView::Audit)
            view->audit()->refresh();
        settle(1200);
        const QString path = QDir(dir).filePath(kPageFiles.at(page) + u".png"_s);
        if (!window.grab().save(path)) {
            return Error{errors::kFileFailed, u"cannot write %1"_s.arg(path), {}};
        }
        QTextStream(stdout) << path << '\n';
    }
    return Done{};
}

int runScreenshots(const DashboardOptions &given)
{
    QTemporaryDir temporary;
    DashboardOptions options = given;
    if (options.dataDir.isEmpty())
        options.dataDir = temporary.filePath(u"data"_s);
    if (options.settingsPath.isEmpty())
        options.settingsPath = temporary.filePath(u"settings.ini"_s);
    options.serve = true;
    options.port = 0;
    ManualClock clock(kSeedStart);
    DashboardApp::Setup setup;
    setup.clock = &clock;
    setup.runTimer = false;
    setup.dashboardIntervalMs = 0;
    setup.secrets = SecretStore::Mode::FileOnly;
    setup.actor = u"ops-alice"_s;
    DashboardApp app(options, setup);
    if (const Result<Done> started = app.start(); !started) {
        QTextStream(stderr) << "sluice: " << started.error().message << '\n';
        return 1;
    }
    ScreenshotRun run(app, clock);
    run.seed(options.seedMinutes);
    if (const Result<Done> rendered = run.render(options.screenshotDir); !rendered) {
        QTextStream(stderr) << "sluice: " << rendered.error().message << '\n';
        return 1;
    }
    return 0;
}

} // namespace sluice
