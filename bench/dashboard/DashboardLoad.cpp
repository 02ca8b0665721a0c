#include "DashboardLoad.h"

#include "DashboardApp.h"
#include "StreamingGateway.h"
#include "backend/ApiBackend.h"
#include "connections/GatewayDirectory.h"
#include "main/DashboardView.h"
#include "main/MainWindow.h"
#include "pages/OverviewPage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace sluice::bench {

using namespace Qt::StringLiterals;

namespace {
constexpr int kWaitMs = 30'000;

DashboardApp::Setup benchSetup()
{
    DashboardApp::Setup setup;
    setup.secrets = SecretStore::Mode::FileOnly;
    setup.actor = u"bench"_s;
    return setup;
}

DashboardOptions benchOptions(const QTemporaryDir &dir)
{
    DashboardOptions options;
    options.configPath = defaultConfigPath(QCoreApplication::applicationDirPath());
    options.dataDir = dir.filePath(u"data"_s);
    options.settingsPath = dir.filePath(u"settings.ini"_s);
    options.serve = false;
    return options;
}
} // namespace

void printFigures(const char *phase, const LoopProbe::Figures &f)
{
    std::printf(
        "%-8s %6.1f s  event-loop lateness p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%lld samples)  "
        "CPU %.1f%% of one core\n",
        phase, f.seconds, f.p50Ms, f.p99Ms, f.maxMs, static_cast<long long>(f.samples),
        f.cpuPercent);
    std::fflush(stdout);
}

DashboardLoad::DashboardLoad(Settings settings)
    : m_settings(std::move(settings))
{}

bool DashboardLoad::startChild(quint16 *port, QString *key)
{
    m_child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_child.start(m_settings.program,
                  {u"--gateway"_s, u"--speed"_s, QString::number(m_settings.speed)});
    if (!m_child.waitForStarted(kWaitMs))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kWaitMs) {
        if (!m_child.canReadLine() && !m_child.waitForReadyRead(1000))
            continue;
        const QList<QByteArray> words = m_child.readLine().trimmed().split(' ');
        if (words.size() == 3 && words.first() == "READY") {
            *port = quint16(words.at(1).toUInt());
            *key = QString::fromLatin1(words.at(2));
            return true;
        }
    }
    return false;
}

void DashboardLoad::setChildSpeed(double speed)
{
    m_child.write("speed " + QByteArray::number(speed) + '\n');
    m_child.waitForBytesWritten(kWaitMs);
}

int DashboardLoad::run()
{
    quint16 port = 0;
    QString key;
    if (!startChild(&port, &key)) {
        std::fprintf(stderr, "bench_dashboard: the gateway did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    DashboardApp app(benchOptions(dir), benchSetup());
    if (const Result<Done> started = app.start(); !started) {
        std::fprintf(stderr, "bench_dashboard: %s\n", qPrintable(started.error().message));
        return 1;
    }
    // The noise floor: the same probe while the window shows the idle Local engine.
    app.window().show();
    LoopProbe probe;
    probe.start();
    QTest::qWait(5000);
    printFigures("idle", probe.stop());

    const QString id =
        app.directory().add({QString(), u"Bench"_s, u"http://127.0.0.1:%1"_s.arg(port), true,
                             ConnectionState::Connecting},
                            key);
    const bool connected = QTest::qWaitFor(
        [&] {
            return app.backend(id) &&
                   app.backend(id)->snapshot().pools.size() == StreamingGateway::kPools;
        },
        kWaitMs);
    if (!connected) {
        std::fprintf(stderr, "bench_dashboard: no stream from the gateway\n");
        return 1;
    }
    auto *backend = static_cast<ApiBackend *>(app.backend(id));
    MainWindow &window = app.window();
    window.selectGateway(id);
    window.showPage(DashboardView::Overview);
    OverviewPage *overview = window.view(id)->overview();
    overview->setRangeMinutes(60);
    std::printf(
        "gateway: %d pools, engine time x%.0f; dashboard shows the Overview, charts on 60 min\n",
        StreamingGateway::kPools, m_settings.speed);

    // Fill: one chart sample per stream message (up to 10 per simulated second).
    const QMetaObject::Connection sampling =
        QObject::connect(backend, &Backend::snapshotChanged, overview, &OverviewPage::tick);
    const TimeMs simulatedStart = backend->snapshot().at;
    const quint64 messagesBefore =
        backend->follower().deltasApplied() + backend->follower().snapshotsApplied();
    probe.start();
    const TimeMs target = simulatedStart + qint64(m_settings.minutes) * 60'000;
    const int fillLimitMs = int(m_settings.minutes * 60'000 / m_settings.speed * 3);
    if (!QTest::qWaitFor([&] { return backend->snapshot().at >= target; }, fillLimitMs))
        std::fprintf(
            stderr,
            "bench_dashboard: the gateway fell behind; figures cover less simulated time\n");
    const LoopProbe::Figures fill = probe.stop();
    QObject::disconnect(sampling);
    const quint64 messages = backend->follower().deltasApplied() +
                             backend->follower().snapshotsApplied() - messagesBefore;
    printFigures("fill", fill);
    std::printf("         %.1f simulated minutes, %llu stream messages (%.1f/s, one chart sample "
                "each), %llu gaps\n",
                double(backend->snapshot().at - simulatedStart) / 60'000,
                static_cast<unsigned long long>(messages), double(messages) / fill.seconds,
                static_cast<unsigned long long>(backend->follower().gaps()));
    std::printf("memory   resident %.1f MiB after %d simulated minutes\n", LoopProbe::residentMiB(),
                m_settings.minutes);
    std::fflush(stdout);

    setChildSpeed(1);
    const quint64 before = backend->follower().deltasApplied();
    probe.start();
    QTest::qWait(m_settings.steadySeconds * 1000);
    const LoopProbe::Figures steady = probe.stop();
    printFigures("steady", steady);
    std::printf("         %.1f stream messages/s, each with all %d pools\n",
                double(backend->follower().deltasApplied() - before) / steady.seconds,
                StreamingGateway::kPools);
    std::printf("memory   resident %.1f MiB at the end\n", LoopProbe::residentMiB());
    m_child.write("quit\n");
    m_child.waitForFinished(kWaitMs);
    return 0;
}

int measureFirstPaint(const QString &program, int runs)
{
    QList<qint64> times;
    for (int run = 0; run < runs; ++run) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer timer;
        timer.start();
        child.start(program, {u"--first-paint"_s});
        if (!child.waitForReadyRead(kWaitMs) || !child.readLine().startsWith("painted")) {
            std::fprintf(stderr, "bench_dashboard: the dashboard did not paint\n");
            return 1;
        }
        times << timer.elapsed();
        child.waitForFinished(kWaitMs);
    }
    std::sort(times.begin(), times.end());
    QStringList each;
    for (qint64 t : std::as_const(times))
        each << QString::number(t);
    std::printf(
        "first paint: launch to first painted window, %d runs: median %lld ms, max %lld ms (%s)\n",
        runs, static_cast<long long>(times.at(times.size() / 2)),
        static_cast<long long>(times.last()), qPrintable(each.join(u", "_s)));
    return 0;
}

namespace {
/// Prints "painted" and quits at the first paint event of a widget in `window`.
class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(QWidget &window)
        : m_window(window)
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *widget = qobject_cast<QWidget *>(watched);
        if (event->type() == QEvent::Paint && !m_seen && widget && widget->window() == &m_window) {
            m_seen = true;
            std::printf("painted\n");
            std::fflush(stdout);
            QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                      Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget &m_window;
    bool m_seen = false;
};
} // namespace

int firstPaintChild()
{
    QTemporaryDir dir;
    DashboardApp app(benchOptions(dir), benchSetup());
    if (const Result<Done> started = app.start(); !started) {
        std::fprintf(stderr, "bench_dashboard: %s\n", qPrintable(started.error().message));
        return 1;
    }
    PaintWatcher watcher(app.window());
    QCoreApplication::instance()->installEventFilter(&watcher);
    app.window().show();
    return QCoreApplication::exec();
}

} // namespace sluice::bench
