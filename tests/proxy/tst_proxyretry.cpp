// Upstream failures are retried per the pool's policy, on the engine's manual clock: an
// upstream retry hint wins and pauses the whole pool; nothing is retried once streaming began.
#include "ProxyFixture.h"

#include <QTcpServer>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestProxyRetry : public QObject
{
    Q_OBJECT

private slots:
    void retryAfterIsHonouredAndPausesThePool_data()
    {
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QByteArray>("retryAfterMs");
        QTest::addColumn<qint64>("delayMs");
        QTest::newRow("retry-after seconds") << QByteArray("2") << QByteArray() << qint64(2000);
        QTest::newRow("retry-after-ms wins") << QByteArray("5") << QByteArray("1500")
                                             << qint64(1500);
        QTest::newRow("http-date") << QByteArray("Thu, 01 Jan 2026 10:00:03 GMT") << QByteArray()
                                   << qint64(3000);
    }

    void retryAfterIsHonouredAndPausesThePool()
    {
        QFETCH(QByteArray, retryAfter);
        QFETCH(QByteArray, retryAfterMs);
        QFETCH(qint64, delayMs);
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::answer(429, retryAfter, retryAfterMs));
        QSignalSpy retries(f.proxy.get(), &ReverseProxy::retryScheduled);
        QNetworkReply *first = f.postMessages(false, "alice");
        QVERIFY(retries.wait(5000));
        QCOMPARE(retries.first().at(1).toLongLong(), delayMs);
        QCOMPARE(f.poolStatus().throttledUntil, ProxyFixture::kStart + delayMs);

        // While the upstream asked for a pause, nobody else goes either.
        QNetworkReply *second = f.postMessages(false, "bob");
        QTRY_COMPARE(f.poolStatus().waiting, 1);
        f.advance(delayMs - 1);
        QCOMPARE(f.proxy->retriesPending(), 1);
        QCOMPARE(f.poolStatus().waiting, 1);
        QCOMPARE(f.mock->stats().requests, 1);

        f.advance(1);
        QVERIFY(ProxyFixture::finish(first));
        QVERIFY(ProxyFixture::finish(second));
        QCOMPARE(ProxyFixture::status(first), 200);
        QCOMPARE(ProxyFixture::status(second), 200);
        QCOMPARE(f.mock->stats().requests, 3);
        QCOMPARE(f.mock->stats().rateLimited, 1);
        QTRY_COMPARE(f.outcomes.size(), 2);
        for (const ProxyOutcome &outcome : std::as_const(f.outcomes))
            QCOMPARE(outcome.attempts, outcome.user == u"alice"_s ? 2 : 1);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void overloadIsRetriedWithBackoff()
    {
        ProxyFixture f;  // base delay 1000 ms; the jitter source says 0.5: the wait is 500 ms
        QVERIFY(f.start());
        f.mock->addFault(MockFault::answer(529));
        QSignalSpy retries(f.proxy.get(), &ReverseProxy::retryScheduled);
        QNetworkReply *reply = f.postMessages(true);
        QVERIFY(retries.wait(5000));
        QCOMPARE(retries.first().at(1).toLongLong(), 500);
        QCOMPARE(f.poolStatus().throttledUntil, 0);  // no hint, no pause for the others
        f.advance(499);
        QCOMPARE(f.mock->stats().requests, 1);
        f.advance(1);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QVERIFY(reply->readAll().contains("event: message_stop"));
        QCOMPARE(f.mock->stats().overloaded, 1);
        QCOMPARE(f.mock->stats().requests, 2);
    }

    void backoffGrowsPerRetry()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::answer(503));
        f.mock->addFault(MockFault::answer(502));
        QSignalSpy retries(f.proxy.get(), &ReverseProxy::retryScheduled);
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(retries.wait(5000));
        f.advance(500);
        QTRY_COMPARE(retries.size(), 2);
        QCOMPARE(retries.at(1).at(1).toLongLong(), 1000);  // 0.5 * 1000 * 2^1
        f.advance(1000);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().attempts, 3);
    }

    void exhaustedRetriesPassTheLastAnswerOnAndRefund()
    {
        ProxyFixture f;
        f.pool().retry.maxRetries = 1;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::answer(503, "1"));
        f.mock->addFault(MockFault::answer(503, "1"));
        QSignalSpy retries(f.proxy.get(), &ReverseProxy::retryScheduled);
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(retries.wait(5000));
        f.advance(1000);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 503);
        QCOMPARE(reply->rawHeader("retry-after"), "1");
        QCOMPARE(ProxyFixture::json(reply->readAll())[u"error"_s][u"type"_s].toString(),
                 u"api_error"_s);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().attempts, 2);
        QVERIFY(f.outcomes.first().usage.refund);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void connectionErrorsAreRetriedThenReported()
    {
        ProxyFixture f;
        QTcpServer closed;  // a port nobody listens on any more
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        f.pool().upstreamUrl = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
        closed.close();
        QVERIFY(f.start());
        QSignalSpy retries(f.proxy.get(), &ReverseProxy::retryScheduled);
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(retries.wait(5000));
        f.advance(500);
        QTRY_COMPARE(retries.size(), 2);
        f.advance(1000);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 502);
        QCOMPARE(ProxyFixture::json(reply->readAll()).value(u"error"_s).toString(),
                 u"UPSTREAM_UNREACHABLE"_s);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().attempts, 3);
        QVERIFY(f.outcomes.first().usage.refund);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void streamCutOffIsNotRetried()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::ResetAfterEvents, 4));
        QNetworkReply *reply = f.postMessages(true);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QVERIFY(reply->error() != QNetworkReply::NoError);  // the client sees the cut
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().ending, u"upstream_reset"_s);
        QCOMPARE(f.outcomes.first().attempts, 1);
        QCOMPARE(f.proxy->retriesPending(), 0);
        QCOMPARE(f.mock->stats().requests, 1);
        QCOMPARE(f.mock->stats().resets, 1);
    }
};

QTEST_GUILESS_MAIN(TestProxyRetry)
#include "tst_proxyretry.moc"
