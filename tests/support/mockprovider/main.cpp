// mock-provider: the mock LLM provider as a program, for benchmarks and manual runs.
// Prints the port it listens on (one line on stdout), then serves until killed.
#include "MockProvider.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;
using sluice::test::MockConfig;
using sluice::test::MockProvider;

namespace {

int intOption(const QCommandLineParser &parser, const QString &name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        std::fprintf(stderr, "mock-provider: --%s must be an integer from %d to %d (got '%s')\n",
                     qPrintable(name), min, max, qPrintable(parser.value(name)));
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A mock LLM provider (Anthropic Messages and OpenAI Chat Completions) on 127.0.0.1."_s);
    parser.addHelpOption();
    const MockConfig defaults;
    parser.addOptions({
        {u"port"_s, u"TCP port; 0 picks a free one."_s, u"port"_s, u"0"_s},
        {u"max-concurrent"_s, u"Requests served at once; 0: unlimited."_s, u"n"_s,
         QString::number(defaults.maxConcurrent)},
        {u"rpm"_s, u"Requests per minute; 0: unlimited."_s, u"n"_s,
         QString::number(defaults.requestsPerMinute)},
        {u"latency-ms"_s, u"Time to answer one request."_s, u"ms"_s,
         QString::number(defaults.latencyMs)},
        {u"api-key"_s, u"The key requests must carry."_s, u"key"_s,
         QString::fromLatin1(defaults.apiKey)},
    });
    parser.process(app);

    MockConfig config;
    config.maxConcurrent = intOption(parser, u"max-concurrent"_s, 0, 100000);
    config.requestsPerMinute = intOption(parser, u"rpm"_s, 0, 100000000);
    config.latencyMs = intOption(parser, u"latency-ms"_s, 0, 600000);
    config.apiKey = parser.value(u"api-key"_s).toUtf8();
    MockProvider mock(config);
    const quint16 port = mock.listen(quint16(intOption(parser, u"port"_s, 0, 65535)));
    if (port == 0) {
        std::fprintf(stderr, "mock-provider: cannot listen on 127.0.0.1:%s\n",
                     qPrintable(parser.value(u"port"_s)));
        return 1;
    }
    std::printf("%u\n", unsigned(port));
    std::fflush(stdout);
    return app.exec();
}
