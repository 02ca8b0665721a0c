// Kills a process running a durable engine right after it acknowledged grants, queued
// tickets and releases, then restarts the engine on the same data and checks that every
// acknowledged decision survived and the queue came back in the same order.
// The test binary re-executes itself as the child: `--child DIR`.
#include "RuntimeFixture.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTimer>

#include <cstdio>
#include <deque>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kAcksBeforeKill = 400;
constexpr int kUsers = 50;

EngineConfig killConfig()
{
    EngineConfig config = EngineFixture::defaultTestConfig();
    PoolConfig &pool = config.pools[0];
    pool.maxConcurrent = 2;
    pool.requestsPerMinute.reset();
    pool.tokensPerMinute.reset();
    pool.maxQueueLength = 1'000'000;
    pool.queueTimeoutMs = 86'400'000;
    pool.leaseIdleTimeoutMs = 86'400'000;
    config.tiers[1].dailyRequests = 1'000'000;
    config.defaultTier = u"pro"_s;
    config.alertRules.clear();
    return config;
}

RuntimeOptions optionsFor(const QString &dir, const Clock &clock)
{
    RuntimeOptions options;
    options.dataDir = dir + u"/data"_s;
    options.configPath = dir + u"/sluice.toml"_s;
    options.environment = QProcessEnvironment();
    options.clock = &clock;
    options.runTimer = false;
    return options;
}

// Acquires and releases forever; prints a line once each decision is durable:
// "ACK <i> <id> G|Q" for an acquire, "REL <id>" for a release.
int runChild(const QString &dir)
{
    ManualClock clock(EngineFixture::kStart);
    Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(optionsFor(dir, clock));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    const std::unique_ptr<EngineRuntime> runtime = std::move(opened).value();
    Engine &engine = runtime->engine();
    // Only leases granted directly are released, so an acknowledged ticket can only be found
    // waiting or holding a lease after the restart.
    std::deque<RequestId> leases;
    int i = 0;
    QTimer pump;
    QObject::connect(&pump, &QTimer::timeout, &engine, [&] {
        for (int n = 0; n < 3; ++n, ++i) {
            AcquireRequest request;
            request.pool = u"llm"_s;
            request.user = u"u%1"_s.arg(i % kUsers);
            request.tokens = 10;
            const Decision d = engine.acquire(request);
            if (d.granted())
                leases.push_back(d.id);
            const QByteArray line = "ACK " + QByteArray::number(i) + ' ' + formatRequestId(d.id).toLatin1()
                                    + (d.granted() ? " G\n" : " Q\n");
            runtime->whenDurable([line] {
                std::fputs(line.constData(), stdout);
                std::fflush(stdout);
            });
            if (i % 4 == 3 && !leases.empty()) {
                const RequestId lease = leases.front();
                leases.pop_front();
                engine.release(lease, Usage{7, 3, {}, false});
                const QByteArray released = "REL " + formatRequestId(lease).toLatin1() + '\n';
                runtime->whenDurable([released] {
                    std::fputs(released.constData(), stdout);
                    std::fflush(stdout);
                });
            }
        }
    });
    pump.start(0);
    return QCoreApplication::exec();
}

} // namespace

class TestEngineKill : public QObject
{
    Q_OBJECT

private slots:
    void acknowledgedDecisionsSurviveKill()
    {
        RuntimeFixture f;
        f.writeConfig(killConfig());
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({u"--child"_s, f.dir.path()});
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start();
        QVERIFY(child.waitForStarted(30'000));

        QList<RequestId> queuedInOrder;
        QList<RequestId> granted;
        QSet<RequestId> released;
        int acks = 0;
        QByteArray pending;
        while (acks < kAcksBeforeKill) {
            QVERIFY2(child.waitForReadyRead(60'000), "the child stopped acknowledging");
            pending += child.readAllStandardOutput();
            qsizetype end;
            while ((end = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> parts = pending.left(end).split(' ');
                pending.remove(0, end + 1);
                const std::optional<RequestId> parsed =
                    parseRequestId(QString::fromLatin1(parts[0] == "REL" ? parts[1] : parts[2]));
                QVERIFY2(parsed, pending.constData());
                const RequestId id = *parsed;
                if (parts[0] == "REL") {
                    released.insert(id);
                } else {
                    ++acks;
                    (parts[3] == "G" ? granted : queuedInOrder).append(id);
                }
            }
        }
        child.kill();  // SIGKILL: no chance to flush anything
        QVERIFY(child.waitForFinished(30'000));

        QVERIFY(f.open());
        Engine &engine = f.engine();
        qint64 requestsToday = 0;
        for (int u = 0; u < kUsers; ++u)
            requestsToday += engine.userQuota(u"u%1"_s.arg(u)).requestsToday;
        QVERIFY2(requestsToday >= granted.size(),
                 qPrintable(u"%1 grants acknowledged, %2 stored"_s.arg(granted.size()).arg(requestsToday)));
        for (const RequestId id : released)
            QVERIFY2(!engine.request(id), qPrintable(formatRequestId(id)));
        qint64 lastPosition = 0;
        int stillWaiting = 0;
        for (const RequestId id : queuedInOrder) {
            if (released.contains(id))
                continue;
            const std::optional<RequestInfo> info = engine.request(id);
            QVERIFY2(info, qPrintable(u"acknowledged ticket %1 was lost"_s.arg(formatRequestId(id))));
            if (!info->active) {
                QVERIFY(info->position > lastPosition);  // same order as before the kill
                lastPosition = info->position;
                ++stillWaiting;
            }
        }
        QVERIFY(stillWaiting > 100);
        QVERIFY(engine.poolStatus(u"llm"_s)->inUse <= 2);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args[1] == u"--child"_s)
        return runChild(args[2]);
    TestEngineKill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_enginekill.moc"
