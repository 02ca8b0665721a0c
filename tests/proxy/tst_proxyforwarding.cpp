// The reverse proxy passes requests and answers through: bodies, streams (unbuffered),
// usage reported to the engine, credentials swapped, errors passed on or given.
#include "ProxyFixture.h"

#include <QLoggingCategory>
#include <QRegularExpression>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_log << QString::fromLatin1(context.category ? context.category : "") + u' ' + message;
}

} // namespace

class TestProxyForwarding : public QObject
{
    Q_OBJECT

private slots:
    void nonStreamedAnswerPassesThroughWithUsage()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QVERIFY(!reply->rawHeader("x-sluice-request-id").isEmpty());
        const QJsonObject body = ProxyFixture::json(reply->readAll());
        QCOMPARE(body.value(u"type"_s).toString(), u"message"_s);
        const qint64 input = body.value(u"usage"_s)[u"input_tokens"_s].toInteger();
        const qint64 output = body.value(u"usage"_s)[u"output_tokens"_s].toInteger();
        QVERIFY(input > 0 && output > 0);

        QTRY_COMPARE(f.outcomes.size(), 1);
        const ProxyOutcome &outcome = f.outcomes.first();
        QCOMPARE(outcome.ending, u"completed"_s);
        QCOMPARE(outcome.user, u"alice"_s);
        QCOMPARE(outcome.usage.inputTokens, input);
        QCOMPARE(outcome.usage.outputTokens, output);
        QCOMPARE(outcome.usage.model, u"claude-test"_s);
        QVERIFY(!outcome.usage.refund);
        QVERIFY(outcome.released);
        const UserQuota quota = f.engine->userQuota(u"alice"_s);
        QCOMPARE(quota.requestsToday, 1);
        QCOMPARE(quota.tokensToday, input + output);
        QCOMPARE(quota.costNanoUsdToday, *f.prices.costNanoUsd(u"claude-test"_s, input, output));
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void streamedAnswerPassesThroughWithUsage()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply = f.postMessages(true);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(
            u"text/event-stream"_s));
        const QByteArray body = reply->readAll();
        QVERIFY(body.startsWith("event: message_start\n"));
        QVERIFY(body.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        const qsizetype words = f.mockConfig.replyText.split(u' ').size();
        QCOMPARE(body.count("event: content_block_delta"), words);

        QTRY_COMPARE(f.outcomes.size(), 1);
        const Usage usage = f.outcomes.first().usage;
        QCOMPARE(usage.outputTokens, words);  // from message_delta, not message_start's 1
        QCOMPARE(usage.inputTokens, (ProxyFixture::messagesBody(true).size() + 3) / 4);
        QCOMPARE(f.engine->userQuota(u"alice"_s).tokensToday, usage.inputTokens + words);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void eventsReachTheClientBeforeTheUpstreamFinishes()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 4));
        QNetworkReply *reply = f.postMessages(true);
        QByteArray received;
        QObject::connect(reply, &QNetworkReply::readyRead, reply,
                         [&] { received += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("event: content_block_delta"), 5000);
        // The upstream is still holding the rest back: what arrived was not buffered.
        QCOMPARE(f.mock->stats().completed, 0);
        QCOMPARE(f.mock->stats().active, 1);
        QVERIFY(!reply->isFinished());
        QVERIFY(!received.contains("message_stop"));
        f.mock->resumePausedStreams();
        QVERIFY(ProxyFixture::finish(reply));
        received += reply->readAll();
        QVERIFY(received.contains("event: message_stop"));
    }

    void openAiUsage_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("json") << false;
        QTest::newRow("stream with usage chunk") << true;
    }

    void openAiUsage()
    {
        QFETCH(bool, stream);
        ProxyFixture f;
        QVERIFY(f.start());
        QJsonObject request{{u"model"_s, u"gpt-test"_s},
                            {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                                   {u"content"_s, u"Hi"_s}}}}};
        if (stream) {
            request.insert(u"stream"_s, true);
            request.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
        }
        const QByteArray body = QJsonDocument(request).toJson(QJsonDocument::Compact);
        QNetworkReply *reply = f.post(u"/proxy/openai/v1/chat/completions"_s, body, "bob",
                                      ProxyFixture::kClientKey, "bearer");
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QTRY_COMPARE(f.outcomes.size(), 1);
        const Usage usage = f.outcomes.first().usage;
        QCOMPARE(usage.inputTokens, (body.size() + 3) / 4);
        QCOMPARE(usage.outputTokens, f.mockConfig.replyText.split(u' ').size());
        QCOMPARE(usage.model, u"gpt-test"_s);
        // The OpenAI pool sends the upstream key as a bearer token.
        QCOMPARE(f.mock->received().first().header("authorization"),
                 "Bearer " + ProxyFixture::kUpstreamKey);
    }

    void credentialsAreSwappedAndNeverLogged()
    {
        g_log.clear();
        QLoggingCategory::setFilterRules(u"sluice.*.debug=true"_s);
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        const QByteArray answer = reply->readAll();
        QTRY_COMPARE(f.outcomes.size(), 1);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());

        QCOMPARE(ProxyFixture::status(reply), 200);
        QCOMPARE(f.mock->received().size(), 1);
        const MockRequestRecord &upstream = f.mock->received().first();
        QCOMPARE(upstream.header("x-api-key"), ProxyFixture::kUpstreamKey);
        QCOMPARE(upstream.header("anthropic-version"), "2023-06-01");
        QVERIFY(upstream.header("x-sluice-user").isEmpty());
        for (const auto &[name, value] : upstream.headers)
            QVERIFY2(!value.contains(ProxyFixture::kClientKey), name.constData());
        for (const auto &[name, value] : reply->rawHeaderPairs())
            QVERIFY2(!value.contains(ProxyFixture::kUpstreamKey), name.constData());
        QVERIFY(!answer.contains(ProxyFixture::kUpstreamKey));
        QVERIFY(!g_log.isEmpty());  // the request was logged ...
        const QString everything = g_log.join(u'\n');
        QVERIFY(!everything.contains(QString::fromLatin1(ProxyFixture::kClientKey)));  // ... keyless
        QVERIFY(!everything.contains(QString::fromLatin1(ProxyFixture::kUpstreamKey)));
    }

    void requestValuesAreEscapedInTheLog()
    {
        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        ProxyFixture f;
        QVERIFY(f.start());
        const QByteArray user = "\x1b[31mmallory status=200 ending=completed";
        const QByteArray model = "m\x1b[2J\r\nstatus=500 ending=forged";
        QJsonObject body = ProxyFixture::json(ProxyFixture::messagesBody(false));
        body.insert(u"model"_s, QString::fromUtf8(model));
        QNetworkReply *reply = f.post(u"/proxy/anthropic/v1/messages"_s,
                                      QJsonDocument(body).toJson(QJsonDocument::Compact), user);
        QVERIFY(ProxyFixture::finish(reply));
        QTRY_COMPARE(f.outcomes.size(), 1);
        qInstallMessageHandler(previous);
        QCOMPARE(f.outcomes.first().usage.model, QString::fromUtf8(model));  // the upstream's

        const QStringList lines = g_log.filter(u"sluice.proxy "_s);
        QCOMPARE(lines.size(), 1);
        const QString &line = lines.first();
        QVERIFY2(!line.contains(QChar(0x1b)) && !line.contains(u'\r') && !line.contains(u'\n'),
                 qPrintable(line));
        // Outside quoted values there is one status and one ending field: the real ones.
        QString unquoted = line;
        unquoted.replace(QRegularExpression(u"\"(?:[^\"\\\\]|\\\\.)*\""_s), u"\"\""_s);
        QCOMPARE(unquoted.count(u" status="_s), 1);
        QCOMPARE(unquoted.count(u" ending="_s), 1);
        QVERIFY2(line.contains(u" status=200 ending=completed "_s), qPrintable(line));
        QVERIFY2(line.contains(u" user=\"\\x1b[31mmallory status=200 ending=completed\" "_s),
                 qPrintable(line));
        QVERIFY2(line.contains(u" model=\"m\\x1b[2J\\x0d\\x0astatus=500 ending=forged\""_s),
                 qPrintable(line));
    }

    void clientKeyIsRequired_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("none") << QByteArray();
        QTest::newRow("wrong") << QByteArray("sk-not-a-sluice-key");
    }

    void clientKeyIsRequired()
    {
        QFETCH(QByteArray, key);
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply =
            f.post(u"/proxy/anthropic/v1/messages"_s, ProxyFixture::messagesBody(false), "alice",
                   key);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 401);
        QCOMPARE(ProxyFixture::json(reply->readAll()).value(u"error"_s).toString(),
                 u"UNAUTHORIZED"_s);
        QCOMPARE(f.mock->stats().requests, 0);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
    }

    void unknownPoolIsNotFound()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply =
            f.post(u"/proxy/nosuchpool/v1/messages"_s, ProxyFixture::messagesBody(false));
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 404);
        const QJsonObject error = ProxyFixture::json(reply->readAll());
        QCOMPARE(error.value(u"error"_s).toString(), u"UNKNOWN_POOL"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"nosuchpool"_s));
        QCOMPARE(f.mock->stats().requests, 0);
    }

    void missingUpstreamKeyIsNamed()
    {
        ProxyFixture f;
        f.options.environment = QProcessEnvironment();
        QVERIFY(f.start());
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 502);
        const QJsonObject error = ProxyFixture::json(reply->readAll());
        QCOMPARE(error.value(u"error"_s).toString(), u"UPSTREAM_KEY_MISSING"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"SLUICE_TEST_UPSTREAM_KEY"_s));
        QCOMPARE(f.mock->stats().requests, 0);
    }

    void clientErrorPassesThroughWithoutRetry()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::answer(400));
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 400);
        const QJsonObject error = ProxyFixture::json(reply->readAll());
        QCOMPARE(error.value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(error.value(u"error"_s)[u"type"_s].toString(), u"invalid_request_error"_s);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().attempts, 1);
        QCOMPARE(f.outcomes.first().ending, u"completed"_s);
        QCOMPARE(f.proxy->retriesPending(), 0);
        QCOMPARE(f.mock->stats().requests, 1);
        QVERIFY(!f.outcomes.first().usage.refund);  // the upstream answered: the request counts
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void pathAndQueryAreForwarded()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        QNetworkReply *reply = f.post(u"/proxy/anthropic/v1/messages?beta=true&x=a%20b"_s,
                                      ProxyFixture::messagesBody(false));
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QCOMPARE(f.mock->received().first().path, "/v1/messages");
        QCOMPARE(f.mock->received().first().query, "beta=true&x=a%20b");
    }
};

QTEST_GUILESS_MAIN(TestProxyForwarding)
#include "tst_proxyforwarding.moc"
