#include "EmbeddedLoad.h"

#include "DashboardApp.h"
#include "DashboardLoad.h"
#include "EmbeddedEngine.h"
#include "LoopProbe.h"
#include "api/ApiKeys.h"
#include "main/MainWindow.h"
#include "store/Store.h"
#include "util/SystemClock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

namespace sluice::bench {

using namespace Qt::StringLiterals;

namespace {
// One pool that never says no, so that every acquire is granted (bench/gateway/bench.toml).
constexpr char kConfig[] = R"(default_tier = "bench"
[pools.bench]
max_concurrent = 10000
max_queue_length = 1000
[tiers.bench]
daily_requests = 1000000000
priority = 0
)";

/// A client key in the data directory, made before the dashboard opens it (as
/// `sluiced keys create` would).
QString createClientKey(const QString &dataDir)
{
    QDir().mkpath(dataDir);
    Store store;
    if (!store.open(QDir(dataDir).filePath(u"sluice.db"_s)))
        return {};
    SystemClock clock;
    ApiKeys keys(store, clock, ApiKeys::committingTo(store));
    const Result<ApiKeys::Created> created = keys.create(u"bench"_s, Role::Client);
    return created ? created->key : QString();
}
} // namespace

EmbeddedLoad::EmbeddedLoad(Settings settings)
    : m_settings(std::move(settings))
{}

int EmbeddedLoad::run()
{
    QTemporaryDir dir;
    QFile config(dir.filePath(u"bench.toml"_s));
    if (!config.open(QIODevice::WriteOnly) || config.write(kConfig) < 0)
        return 1;
    config.close();
    const QString key = createClientKey(dir.filePath(u"data"_s));
    if (key.isEmpty()) {
        std::fprintf(stderr, "bench_dashboard: cannot create a key\n");
        return 1;
    }
    DashboardOptions options;
    options.configPath = config.fileName();
    options.dataDir = dir.filePath(u"data"_s);
    options.settingsPath = dir.filePath(u"settings.ini"_s);
    options.serve = true;
    options.port = 0;
    DashboardApp::Setup setup;
    setup.secrets = SecretStore::Mode::FileOnly;
    setup.actor = u"bench"_s;
    DashboardApp app(options, setup);
    if (const Result<Done> started = app.start(); !started) {
        std::fprintf(stderr, "bench_dashboard: %s\n", qPrintable(started.error().message));
        return 1;
    }
    app.window().resize(1280, 800);
    app.window().show();
    QDeadlineTimer serving(10'000);
    while (app.engine().port() == 0 && !serving.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (app.engine().port() == 0) {
        std::fprintf(stderr, "bench_dashboard: the embedded gateway is not serving\n");
        return 1;
    }

    // wrk sends 2 x pairsPerSecond requests a second on a timetable (SLUICE_RATE in
    // acquire_release.lua), whatever each takes; wrk prints the rate it reached.
    const int requestsPerSecond = 2 * m_settings.pairsPerSecond;
    QProcess wrk;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SLUICE_KEY"_s, key);
    environment.insert(u"SLUICE_RATE"_s, QString::number(requestsPerSecond));
    wrk.setProcessEnvironment(environment);
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    QEventLoop loop;
    QObject::connect(&wrk, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&wrk, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    LoopProbe probe;
    probe.start();
    wrk.start(u"wrk"_s, {u"-t1"_s, u"-c%1"_s.arg(m_settings.connections),
                         u"-d%1s"_s.arg(m_settings.seconds), u"--latency"_s, u"-s"_s,
                         m_settings.script, u"http://127.0.0.1:%1"_s.arg(app.engine().port())});
    loop.exec();
    const LoopProbe::Figures figures = probe.stop();
    const QByteArray output = wrk.readAll();
    if (wrk.exitStatus() != QProcess::NormalExit || wrk.exitCode() != 0) {
        std::fprintf(stderr, "bench_dashboard: wrk failed: %s\n%s\n", qPrintable(wrk.errorString()),
                     output.constData());
        return 1;
    }
    std::printf("wrk -t1 -c%d, %d requests/s scheduled:\n%s", m_settings.connections,
                requestsPerSecond, output.constData());
    printFigures("gui", figures);
    return 0;
}

} // namespace sluice::bench
