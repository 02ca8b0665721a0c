#include "MockBodies.h"
#include "UsageMeter.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;

class TestUsageMeter : public QObject
{
    Q_OBJECT

    struct Read
    {
        qint64 input;
        qint64 output;
        QString model;
    };

    static Read meter(const QByteArray &contentType, const QByteArray &body, qsizetype chunk)
    {
        UsageMeter meter;
        meter.begin(contentType);
        for (qsizetype at = 0; at < body.size(); at += chunk)
            meter.feed(QByteArrayView(body).sliced(at, std::min(chunk, body.size() - at)));
        meter.finish();
        return {meter.inputTokens(), meter.outputTokens(), meter.model()};
    }

    static MockReply reply(MockReply::Api api, bool stream, bool includeUsage = true)
    {
        MockReply r;
        r.api = api;
        r.stream = stream;
        r.includeUsageInStream = includeUsage;
        r.id = QStringLiteral("id-1");
        r.model = QStringLiteral("model-x");
        r.words = QStringLiteral("one two three four five").split(u' ');
        r.inputTokens = 42;
        return r;
    }

    static QByteArray events(const MockReply &r) { return MockBodies::streamEvents(r).join(); }

private slots:
    void usage_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("input");
        QTest::addColumn<qint64>("output");
        QTest::addColumn<QString>("model");
        using Api = MockReply::Api;
        QTest::newRow("anthropic json")
            << QByteArray("application/json") << MockBodies::complete(reply(Api::Anthropic, false))
            << qint64(42) << qint64(5) << QStringLiteral("model-x");
        QTest::newRow("anthropic stream: message_delta overrides message_start")
            << QByteArray("text/event-stream; charset=utf-8") << events(reply(Api::Anthropic, true))
            << qint64(42) << qint64(5) << QStringLiteral("model-x");
        QTest::newRow("openai json")
            << QByteArray("application/json; charset=utf-8")
            << MockBodies::complete(reply(Api::OpenAi, false)) << qint64(42) << qint64(5)
            << QStringLiteral("model-x");
        QTest::newRow("openai stream with usage chunk")
            << QByteArray("text/event-stream") << events(reply(Api::OpenAi, true)) << qint64(42)
            << qint64(5) << QStringLiteral("model-x");
        QTest::newRow("openai stream without usage")
            << QByteArray("text/event-stream") << events(reply(Api::OpenAi, true, false))
            << qint64(-1) << qint64(-1) << QStringLiteral("model-x");
        QTest::newRow("anthropic delta with input tokens")
            << QByteArray("text/event-stream")
            << QByteArray("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                          "{\"model\":\"m\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                          "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":"
                          "{\"input_tokens\":12,\"output_tokens\":30}}\n\n")
            << qint64(12) << qint64(30) << QStringLiteral("m");
        QTest::newRow("error body") << QByteArray("application/json")
                                    << MockBodies::error(Api::Anthropic, 429, QStringLiteral("x"))
                                    << qint64(-1) << qint64(-1) << QString();
        QTest::newRow("not json") << QByteArray("application/json") << QByteArray("{\"usage\":")
                                  << qint64(-1) << qint64(-1) << QString();
        QTest::newRow("other content type")
            << QByteArray("text/plain") << MockBodies::complete(reply(Api::Anthropic, false))
            << qint64(-1) << qint64(-1) << QString();
        QTest::newRow("negative counts ignored")
            << QByteArray("application/json")
            << QByteArray("{\"usage\":{\"input_tokens\":-5,\"output_tokens\":\"7\"}}") << qint64(-1)
            << qint64(-1) << QString();
    }

    void usage()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(qint64, input);
        QFETCH(qint64, output);
        QFETCH(QString, model);
        for (qsizetype chunk : {body.size() + 1, qsizetype(1), qsizetype(7), qsizetype(64)}) {
            const Read read = meter(contentType, body, chunk);
            QCOMPARE(read.input, input);
            QCOMPARE(read.output, output);
            QCOMPARE(read.model, model);
        }
    }

    void oversizedJsonGoesUnmetered()
    {
        UsageMeter meter(16);
        meter.begin("application/json");
        meter.feed("{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
        meter.finish();
        QCOMPARE(meter.inputTokens(), -1);
    }

    void impossibleAnswersAreNamed_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("problem");  // empty: none
        const QByteArray json = "application/json";
        const QByteArray sse = "text/event-stream";
        QTest::newRow("fine") << json << QByteArray("{\"usage\":{\"input_tokens\":3}}") << QString();
        QTest::newRow("2^53-1") << json
                                << QByteArray("{\"usage\":{\"input_tokens\":9007199254740991}}")
                                << QStringLiteral("usage.input_tokens = 9007199254740991");
        QTest::newRow("negative") << json << QByteArray("{\"usage\":{\"output_tokens\":-1}}")
                                  << QStringLiteral("usage.output_tokens = -1");
        QTest::newRow("fraction") << json << QByteArray("{\"usage\":{\"prompt_tokens\":2.5}}")
                                  << QStringLiteral("usage.prompt_tokens = 2.5");
        QTest::newRow("string") << json << QByteArray("{\"usage\":{\"completion_tokens\":\"7\"}}")
                                << QStringLiteral("usage.completion_tokens = \"7\"");
        QTest::newRow("empty JSON") << json << QByteArray() << QStringLiteral("empty");
        QTest::newRow("cut JSON") << json << QByteArray("{\"usage\":{\"inp")
                                  << QStringLiteral("malformed or cut off");
        QTest::newRow("no event") << sse << QByteArray() << QStringLiteral("no event");
        QTest::newRow("cut event") << sse << QByteArray("event: message_start\ndata: {")
                                   << QStringLiteral("inside an event");
        QTest::newRow("streamed absurd usage")
            << sse
            << QByteArray("event: message_delta\ndata: {\"usage\":{\"output_tokens\":1e300}}\n\n")
            << QStringLiteral("usage.output_tokens");
    }

    void impossibleAnswersAreNamed()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, problem);
        UsageMeter meter;
        meter.begin(contentType);
        meter.feed(body);
        meter.finish();
        if (problem.isEmpty())
            QVERIFY2(meter.problem().isEmpty(), qPrintable(meter.problem()));
        else
            QVERIFY2(meter.problem().contains(problem), qPrintable(meter.problem()));
    }
};

QTEST_GUILESS_MAIN(TestUsageMeter)
#include "tst_usagemeter.moc"
