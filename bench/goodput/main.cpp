// goodput: how much of a rate-limited upstream's capacity turns into successful requests,
// for the seed's client (direct calls, retry on 429 after 2/4/6 s, 3 tries) and for the same
// load sent through Sluice's reverse proxy. The upstream is the mock provider, run as a
// separate process with a concurrency limit and a fixed time per request.
#include "LoadRun.h"
#include "MockProcess.h"
#include "ProxyStack.h"
#include "SharedStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sluice::bench;

namespace {

constexpr const char *kUpstreamKey = "sk-mock-bench";
constexpr const char *kClientKey = "sk-sluice-bench";

[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "goodput: %s\n", qPrintable(message));
    std::exit(2);
}

/// Sluice (as the daemon runs it) in front of the mock: one pool "llm" of `upstreamSlots`.
std::unique_ptr<sluice::test::ProxyStack> startSluice(const QUrl &upstream, int upstreamSlots)
{
    sluice::EngineConfig config;
    sluice::PoolConfig pool;
    pool.name = u"llm"_s;
    pool.maxConcurrent = upstreamSlots;
    pool.maxQueueLength = 100'000;
    pool.queueTimeoutMs = 600'000;
    pool.upstreamUrl = upstream.toString();
    pool.upstreamKeyEnv = u"BENCH_UPSTREAM_KEY"_s;
    pool.upstreamAuthHeader = u"x-api-key"_s;
    config.pools = {pool};
    sluice::TierConfig tier;
    tier.name = u"bench"_s;
    tier.dailyRequests = 1'000'000'000;
    config.tiers = {tier};
    config.defaultTier = tier.name;
    sluice::ProxyOptions options;
    options.authenticate = [](const QByteArray &key) -> std::optional<QString> {
        return key == kClientKey ? std::optional(u"bench"_s) : std::nullopt;
    };
    options.environment = QProcessEnvironment();
    options.environment.insert(u"BENCH_UPSTREAM_KEY"_s, QString::fromLatin1(kUpstreamKey));
    QString error;
    auto stack = sluice::test::ProxyStack::start(config, options, &error);
    if (!stack)
        usageError(error);
    return stack;
}

int positive(const QString &text, const QString &option, int max)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > max)
        usageError(u"--%1 takes integers from 1 to %2 (got '%3')"_s.arg(option).arg(max).arg(text));
    return value;
}

double percentile(const QList<qint64> &sortedUs, double p)
{
    if (sortedUs.isEmpty())
        return 0;
    const qsizetype index = std::min(sortedUs.size() - 1, qsizetype(p * double(sortedUs.size())));
    return double(sortedUs[index]) / 1000.0;
}

double mean(const QList<qint64> &us)
{
    double sum = 0;
    for (qint64 each : us)
        sum += double(each);
    return us.isEmpty() ? 0 : sum / double(us.size()) / 1000.0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"sluice.*.debug=false\nsluice.*.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Goodput of a rate-limited upstream: the seed's retrying client versus Sluice's proxy."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"concurrency"_s, u"Comma-separated client concurrencies."_s, u"list"_s,
         u"1,2,3,5,10,50"_s},
        {u"requests"_s, u"Requests per run."_s, u"n"_s, u"50"_s},
        {u"slots"_s, u"The upstream's concurrency limit."_s, u"n"_s, u"3"_s},
        {u"latency-ms"_s, u"The upstream's time per request."_s, u"ms"_s, u"200"_s},
        {u"modes"_s,
         u"Which clients: seed, sluice, shared (the proxy of --replicas gateways sharing the "
         "limit through a redis-server of their own)."_s,
         u"list"_s, u"seed,sluice"_s},
        {u"replicas"_s, u"Gateways in shared mode."_s, u"n"_s, u"3"_s},
        {u"mock"_s, u"The mock-provider program."_s, u"path"_s,
         QStringLiteral(SLUICE_MOCK_PROVIDER)},
    });
    parser.process(app);

    QList<int> concurrencies;
    for (const QString &each : parser.value(u"concurrency"_s).split(u','))
        concurrencies.append(positive(each.trimmed(), u"concurrency"_s, 10'000));
    const int requests = positive(parser.value(u"requests"_s), u"requests"_s, 1'000'000);
    const int upstreamSlots = positive(parser.value(u"slots"_s), u"slots"_s, 10'000);
    bool latencyOk = false;
    const int latencyMs = parser.value(u"latency-ms"_s).toInt(&latencyOk);
    if (!latencyOk || latencyMs < 0 || latencyMs > 60'000)
        usageError(u"--latency-ms takes an integer from 0 to 60000"_s);
    const QStringList modes = parser.value(u"modes"_s).split(u',');
    for (const QString &mode : modes)
        if (mode != u"seed"_s && mode != u"sluice"_s && mode != u"shared"_s)
            usageError(u"--modes takes seed, sluice and/or shared (got '%1')"_s.arg(mode));
    const int replicas = positive(parser.value(u"replicas"_s), u"replicas"_s, 16);

    MockProcess mock;
    QString error;
    if (!mock.start(parser.value(u"mock"_s),
                    {u"--max-concurrent"_s, QString::number(upstreamSlots), u"--rpm"_s, u"0"_s,
                     u"--latency-ms"_s, QString::number(latencyMs), u"--api-key"_s,
                     QString::fromLatin1(kUpstreamKey)},
                    &error))
        usageError(error);
    const std::unique_ptr<sluice::test::ProxyStack> stack =
        startSluice(mock.baseUrl(), upstreamSlots);
    std::unique_ptr<SharedStack> shared;
    if (modes.contains(u"shared"_s)) {
        shared = SharedStack::start(mock.baseUrl(), kUpstreamKey, upstreamSlots, replicas, &error);
        if (!shared)
            usageError(error);
    }

    std::printf("goodput: %d requests per run; upstream: %d slots, %d ms per request "
                "(physical limit %.2f s)\n",
                requests, upstreamSlots, latencyMs, requests * latencyMs / 1000.0 / upstreamSlots);
    std::printf("%-11s %-7s %8s %12s %8s %12s %9s %9s %9s\n", "concurrency", "client",
                "success", "upstream_429", "wall_s", "utilisation", "mean_ms", "p50_ms",
                "p99_ms");
    for (int concurrency : concurrencies) {
        double directMean = -1;
        for (const QString &mode : modes) {
            const bool seed = mode == u"seed"_s;
            if (!mock.resetStats())
                usageError(u"the mock provider stopped answering"_s);
            LoadSettings settings;
            settings.url = seed ? mock.baseUrl().resolved(QUrl(u"/v1/messages"_s))
                                : stack->baseUrl().resolved(QUrl(u"/proxy/llm/v1/messages"_s));
            settings.apiKey = seed ? kUpstreamKey : kClientKey;
            if (mode == u"shared"_s)
                settings.targets = shared->targets(u"/proxy/llm/v1/messages"_s);
            settings.concurrency = concurrency;
            settings.requests = requests;
            settings.seedRetries = seed;
            LoadRun load(settings);
            const LoadResult result = load.run();
            const std::optional<sluice::test::MockStats> stats = mock.stats();
            if (!stats)
                usageError(u"the mock provider stopped answering"_s);
            const double utilisation =
                double(stats->busySlotMs) / (double(upstreamSlots) * double(std::max<qint64>(result.wallMs, 1)));
            const double meanMs = mean(result.latenciesUs);
            std::printf("%-11d %-7s %7.1f%% %12lld %8.2f %11.1f%% %9.2f %9.2f %9.2f\n",
                        concurrency, qPrintable(mode), 100.0 * result.succeeded / requests,
                        stats->rateLimited, result.wallMs / 1000.0, 100.0 * utilisation, meanMs,
                        percentile(result.latenciesUs, 0.5), percentile(result.latenciesUs, 0.99));
            std::fflush(stdout);
            if (seed && stats->rateLimited == 0)
                directMean = meanMs;
            else if (!seed && directMean >= 0)
                std::printf("%-11s %-7s mean latency through Sluice minus direct: %.3f ms\n", "",
                            "", meanMs - directMean);
        }
    }
    return 0;
}
