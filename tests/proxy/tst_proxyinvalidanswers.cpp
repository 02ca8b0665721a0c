// An upstream answer that cannot be right (broken chunk framing, impossible usage counts) is
// an upstream error: the client gets a 502 naming the problem, the request is refunded, and
// the pool's window is charged no more than the admission estimate.
#include "ProxyFixture.h"
#include "RequestEstimate.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestProxyInvalidAnswers : public QObject
{
    Q_OBJECT

    static void expectRefusedAndRefunded(ProxyFixture &f, QNetworkReply *reply,
                                         const QString &named)
    {
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 502);
        const QJsonObject error = ProxyFixture::json(reply->readAll());
        QVERIFY2(error.value(u"error"_s).toString().startsWith(u"UPSTREAM_"_s),
                 qPrintable(error.value(u"error"_s).toString()));
        const QString message = error.value(u"message"_s).toString();
        QVERIFY2(message.contains(named), qPrintable(message));
        QTRY_COMPARE(f.outcomes.size(), 1);
        const ProxyOutcome &outcome = f.outcomes.first();
        QVERIFY(outcome.released);
        QVERIFY(outcome.usage.refund);
        QCOMPARE(outcome.usage.inputTokens, -1);  // not believed
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
        const qint64 estimate = RequestEstimate::fromBody(ProxyFixture::messagesBody(false)).tokens;
        QVERIFY2(f.engine->userQuota(u"alice"_s).tokensToday <= estimate,
                 qPrintable(QString::number(f.engine->userQuota(u"alice"_s).tokensToday)));
        QVERIFY2(f.poolStatus().windowTokens <= estimate,
                 qPrintable(QString::number(f.poolStatus().windowTokens)));
        QCOMPARE(f.poolStatus().inUse, 0);
    }

private slots:
    void impossibleUsageIsAnUpstreamError_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("2^53-1") << QByteArray("9007199254740991");
        QTest::newRow("negative") << QByteArray("-3");
        QTest::newRow("fraction") << QByteArray("1.5");
        QTest::newRow("string") << QByteArray("\"12\"");
        QTest::newRow("huge float") << QByteArray("1e300");
        QTest::newRow("object") << QByteArray("{}");
    }

    void impossibleUsageIsAnUpstreamError()
    {
        QFETCH(QByteArray, value);
        ProxyFixture f;
        f.pool().tokensPerMinute = 100'000;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::usage(value));
        expectRefusedAndRefunded(f, f.postMessages(false), u"usage.input_tokens"_s);
    }

    void brokenChunkFramingIsAnUpstreamError()
    {
        ProxyFixture f;
        f.pool().tokensPerMinute = 100'000;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::BadChunkFraming));
        expectRefusedAndRefunded(f, f.postMessages(false), u"upstream"_s);
    }

    void plausibleUsageIsStillCharged()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::usage("12"));
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().usage.inputTokens, 12);
        QVERIFY(!f.outcomes.first().usage.refund);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }
};

QTEST_GUILESS_MAIN(TestProxyInvalidAnswers)
#include "tst_proxyinvalidanswers.moc"
