// Acquire+release pairs per second through one Redis connection (issue 10's benchmark):
//   bench_redis redis://127.0.0.1:PORT [pairs=100000] [in-flight=50]
// Each pair is sl_admit (granted) then sl_release, both one FCALL round trip; `in-flight`
// pairs run at once, pipelined on the one connection, as a replica's concurrent clients
// would. Compare with Redis's own ceiling for a script on the same server:
//   redis-benchmark -p PORT -n 100000 -c 50 EVALSHA <sha of "return 1"> 0
// It writes under the deployment "bench"; use a scratch server.

#include "redis/RedisPool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

using namespace sluice;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const Result<RedisUrl> url = RedisUrl::parse(args.value(1));
    if (!url) {
        std::fprintf(stderr, "usage: bench_redis redis://HOST:PORT [pairs] [in-flight]\n%s\n",
                     qPrintable(url.error().message));
        return 2;
    }
    const int pairs = args.value(2, QStringLiteral("100000")).toInt();
    const int inFlight = args.value(3, QStringLiteral("50")).toInt();
    if (pairs < 1 || inFlight < 1) {
        std::fprintf(stderr, "pairs and in-flight must be positive numbers\n");
        return 2;
    }

    RedisConnection connection(*url);
    connection.setCommandTimeout(5000);
    RedisFunctions functions(connection);
    RedisPool pool(functions, RedisKeys(QStringLiteral("bench")), QStringLiteral("llm"));
    RedisPoolLimits limits;
    limits.version = 1;
    limits.maxConcurrent = inFlight;
    limits.requestsPerMinute = 1'000'000'000;
    limits.tokensPerMinute = 1'000'000'000;
    limits.maxQueueLength = 0;

    int started = 0;
    int done = 0;
    int failed = 0;
    QElapsedTimer elapsed;
    std::function<void()> next;
    next = [&] {
        if (started == pairs)
            return;
        RedisAdmitRequest request;
        request.requestId = "bench-" + QByteArray::number(QCoreApplication::applicationPid()) +
                            "-" + QByteArray::number(started++);
        request.user = QStringLiteral("user%1").arg(started % 1000);
        request.tokens = 100;
        request.wait = false;
        pool.admit(request, [&](const RedisAnswer &admitted) {
            if (admitted.status() != QLatin1String("granted")) {
                ++failed;
                ++done;
                next();
                return;
            }
            pool.release(admitted.id(), 120, false, 0, [&](const RedisAnswer &released) {
                failed += released.ok() ? 0 : 1;
                if (++done == pairs) {
                    const double seconds = double(elapsed.nsecsElapsed()) / 1e9;
                    std::printf(
                        "%d acquire+release pairs, %d in flight, one connection: %.0f pairs/s "
                        "(%.0f function calls/s), %d failed\n",
                        pairs, inFlight, pairs / seconds, 2 * pairs / seconds, failed);
                    app.exit(failed == 0 ? 0 : 1);
                    return;
                }
                next();
            });
        });
    };
    QObject::connect(&functions, &RedisFunctions::loaded, &app, [&] {
        if (elapsed.isValid())
            return;
        pool.configure(limits, [&](const RedisAnswer &configured) {
            if (configured.status() != QLatin1String("ok")) {
                std::fprintf(stderr, "configuring the pool failed: %s\n",
                             qPrintable(configured.error));
                app.exit(1);
                return;
            }
            elapsed.start();
            for (int i = 0; i < inFlight; ++i)
                next();
        });
    });
    QObject::connect(&functions, &RedisFunctions::loadFailed, &app, [&](const QString &why) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        app.exit(1);
    });
    connection.open();
    return app.exec();
}
