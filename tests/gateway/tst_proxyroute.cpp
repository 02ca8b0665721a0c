#include "GatewayFixture.h"
#include "MockProvider.h"

#include "ReverseProxy.h"
#include "cost/PriceTable.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray configFor(const MockProvider &mock)
{
    return "default_tier = \"free\"\n"
           "[pools.anthropic]\nmax_concurrent = 2\nmax_queue_length = 10\n"
           "upstream_url = \"" +
           mock.baseUrl().toString().toUtf8() +
           "\"\n"
           "upstream_key_env = \"MOCK_UPSTREAM_KEY\"\nupstream_auth_header = \"x-api-key\"\n"
           "[tiers.free]\ndaily_requests = 100\npriority = 0\n";
}

const QByteArray kMessage = R"({"model": "claude-sonnet-4", "max_tokens": 64,
                               "messages": [{"role": "user", "content": "Hello"}]})";

} // namespace

/// The reverse proxy as sluiced mounts it: /proxy/<pool>/<path> on the gateway's HTTP server,
/// with the gateway's keys, streaming through HttpReply.
class TestProxyRoute : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockProvider> m_mock;

    bool start(GatewayFixture &f)
    {
        GatewayOptions options = f.options();
        options.environment.insert(u"MOCK_UPSTREAM_KEY"_s,
                                   QString::fromLatin1(m_mock->config().apiKey));
        return f.start(options);
    }

    QNetworkReply *post(GatewayFixture &f, const QByteArray &key, const QByteArray &body)
    {
        QNetworkRequest request(f.url(u"/proxy/anthropic/v1/messages"_s));
        request.setRawHeader("x-api-key", key);
        request.setRawHeader("x-sluice-user", "end-user-7");
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        return f.network.post(request, body);
    }

private slots:
    void init()
    {
        MockConfig config;
        config.latencyMs = 20;
        m_mock = std::make_unique<MockProvider>(config);
        QVERIFY(m_mock->listen() != 0);
    }

    void encodedEscapesAreRefusedWith400_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("%2e%2e%2fadmin") << QByteArray("/proxy/anthropic/%2e%2e%2fadmin");
        QTest::newRow("..%2f") << QByteArray("/proxy/anthropic/v1/..%2f..%2fadmin");
        QTest::newRow("%5c..%5c") << QByteArray("/proxy/anthropic/v1/%5c..%5cadmin");
        QTest::newRow("%252e%252e") << QByteArray("/proxy/anthropic/v1/%252e%252e/admin");
        QTest::newRow("%00") << QByteArray("/proxy/anthropic/v1/a%00b");
    }

    void encodedEscapesAreRefusedWith400()
    {
        QFETCH(QByteArray, target);
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client);
        const QByteArray answer =
            f.raw("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + client
                  + "\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        QVERIFY2(answer.contains("the proxied path is refused"), answer.constData());
        QCOMPARE(m_mock->stats().requests, 0);
    }

    void forwardsWithTheGatewaysKeys()
    {
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client, u"sdk-app"_s);
        const auto answer = GatewayFixture::wait(post(f, client, kMessage));
        QCOMPARE(answer.status, 200);
        QVERIFY2(answer.json.contains("usage"_L1), answer.body.constData());
        QCOMPARE(m_mock->stats().unauthorized, 0); // the upstream key went in, not ours
        QVERIFY(!m_mock->received().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(f.engine().poolStatus(u"anthropic"_s)->inUse, 0,
                                  GatewayFixture::kWaitMs);
        QCOMPARE(f.engine().userQuota(u"end-user-7"_s).requestsToday, 1);

        const auto refused = GatewayFixture::wait(post(f, "sk_000000000000_nope", kMessage));
        QCOMPARE(refused.status, 401);
        QCOMPARE(m_mock->stats().requests, 1); // never reached the upstream
    }

    /// The proxy's waits between upstream attempts run on the gateway's clock: a test moves
    /// it with Gateway::advance(), as for every other timer of the gateway.
    void retriesRunOnTheGatewaysClock()
    {
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client);
        m_mock->addFault(MockFault::answer(429, "2"));
        QSignalSpy retries(&f.gateway->proxy(), &ReverseProxy::retryScheduled);
        QNetworkReply *reply = post(f, client, kMessage);
        QVERIFY(retries.wait(GatewayFixture::kWaitMs));
        QCOMPARE(retries.first().at(1).toLongLong(), 2000);
        f.advance(1999);
        QCOMPARE(f.gateway->proxy().retriesPending(), 1);
        QCOMPARE(m_mock->stats().requests, 1);
        f.advance(1);
        QCOMPARE(f.gateway->proxy().retriesPending(), 0);
        const auto answer = GatewayFixture::wait(reply);
        QCOMPARE(answer.status, 200);
        QCOMPARE(m_mock->stats().requests, 2);
    }

    void streamsServerSentEvents()
    {
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client);
        QByteArray streamed = kMessage;
        streamed.replace("\"max_tokens\": 64", "\"max_tokens\": 64, \"stream\": true");
        QNetworkReply *reply = post(f, client, streamed);
        int pieces = 0;
        connect(reply, &QNetworkReply::readyRead, reply, [&] { ++pieces; });
        const auto answer = GatewayFixture::wait(reply);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.header("content-type").startsWith("text/event-stream"));
        QVERIFY(answer.body.contains("event: message_delta"));
        QVERIFY(answer.body.contains("event: message_stop"));
        QVERIFY(pieces > 1); // it arrived in pieces, as the upstream sent them
        QTRY_COMPARE_WITH_TIMEOUT(f.engine().poolStatus(u"anthropic"_s)->inUse, 0,
                                  GatewayFixture::kWaitMs);
        QVERIFY(f.engine().userQuota(u"end-user-7"_s).tokensToday > 0); // usage from the stream
    }

    void clientLeavingMidStreamFreesTheSlot()
    {
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        m_mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QByteArray streamed = kMessage;
        streamed.replace("\"max_tokens\": 64", "\"max_tokens\": 64, \"stream\": true");
        QNetworkReply *reply = post(f, f.createKey(Role::Client), streamed);
        QSignalSpy paused(m_mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(GatewayFixture::kWaitMs));
        QCOMPARE(f.engine().poolStatus(u"anthropic"_s)->inUse, 1);
        reply->abort();
        QTRY_COMPARE_WITH_TIMEOUT(f.engine().poolStatus(u"anthropic"_s)->inUse, 0,
                                  GatewayFixture::kWaitMs);
        reply->deleteLater();
    }

    void anotherKeyCannotTouchAProxiedStream()
    {
        GatewayFixture f(configFor(*m_mock));
        QVERIFY(start(f));
        m_mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QByteArray streamed = kMessage;
        streamed.replace("\"max_tokens\": 64", "\"max_tokens\": 64, \"stream\": true");
        const QByteArray a = f.createKey(Role::Client, u"app-a"_s);
        const QByteArray b = f.createKey(Role::Client, u"app-b"_s);
        QNetworkReply *reply = post(f, a, streamed);
        QSignalSpy paused(m_mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(GatewayFixture::kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(reply->hasRawHeader("x-sluice-request-id"),
                                 GatewayFixture::kWaitMs);
        const QString id = QString::fromLatin1(reply->rawHeader("x-sluice-request-id"));
        QVERIFY2(id.section(u'-', 1).size() == 24, qPrintable(id)); // 96 random bits
        const QString path = u"/v1/requests/"_s + id;
        QCOMPARE(f.call("GET", path, {}, b).status, 404);
        QCOMPARE(f.call("DELETE", path, {}, b).status, 404);
        QCOMPARE(f.call("POST", path + u"/release"_s, {}, b).status, 404);
        QCOMPARE(f.engine().poolStatus(u"anthropic"_s)->inUse, 1); // A's stream goes on
        QCOMPARE(f.call("GET", path, {}, a).status, 200);
        reply->abort();
        QTRY_COMPARE_WITH_TIMEOUT(f.engine().poolStatus(u"anthropic"_s)->inUse, 0,
                                  GatewayFixture::kWaitMs);
        reply->deleteLater();
    }

    /// Support looks a user up and sees why their requests were refused, whichever way they
    /// came in: the proxy's rejections used to reach only its client.
    void proxiedRejectionsReachSupport()
    {
        QByteArray config = configFor(*m_mock);
        config.replace("daily_requests = 100", "daily_requests = 1");
        GatewayFixture f(config);
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client, u"sdk-app"_s);
        QCOMPARE(GatewayFixture::wait(post(f, client, kMessage)).status, 200);
        const auto refused = GatewayFixture::wait(post(f, client, kMessage));
        QCOMPARE(refused.status, 429);
        const auto details =
            f.call("GET", u"/v1/users/end-user-7"_s, {}, f.createKey(Role::Support));
        QCOMPARE(details.status, 200);
        const QJsonArray rejections = details.json.value("recent_rejections"_L1).toArray();
        QCOMPARE(rejections.size(), 1);
        const QJsonObject rejection = rejections.first().toObject();
        QCOMPARE(rejection.value("pool"_L1).toString(), u"anthropic"_s);
        QCOMPARE(rejection.value("reason"_L1).toString(), u"USER_LIMIT_EXCEEDED"_s);
    }

    /// A rejection is on disk, not only in memory: the lookup shows it after a restart on the
    /// same data directory (it used to come back empty).
    void proxiedRejectionsSurviveARestart()
    {
        QByteArray config = configFor(*m_mock);
        config.replace("daily_requests = 100", "daily_requests = 1");
        GatewayFixture f(config);
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client, u"sdk-app"_s);
        const QByteArray support = f.createKey(Role::Support);
        QCOMPARE(GatewayFixture::wait(post(f, client, kMessage)).status, 200);
        QCOMPARE(GatewayFixture::wait(post(f, client, kMessage)).status, 429);
        f.gateway.reset();
        QVERIFY(start(f));
        const auto details = f.call("GET", u"/v1/users/end-user-7"_s, {}, support);
        QCOMPARE(details.status, 200);
        const QJsonArray rejections = details.json.value("recent_rejections"_L1).toArray();
        QCOMPARE(rejections.size(), 1);
        const QJsonObject rejection = rejections.first().toObject();
        QCOMPARE(rejection.value("pool"_L1).toString(), u"anthropic"_s);
        QCOMPARE(rejection.value("reason"_L1).toString(), u"USER_LIMIT_EXCEEDED"_s);
        QCOMPARE(rejection.value("message"_L1).toString(), u"Daily limit of 1 requests reached"_s);
    }

    /// A proxied answer is priced by its model: cost and credits per pool, tier and user
    /// today (status, lookup, /metrics) and per day (history), kept across a restart.
    void proxiedSpendIsPricedAndKept()
    {
        GatewayFixture f(configFor(*m_mock) +
                         "[pricing.\"claude-sonnet-4*\"]\ninput_per_million = 3.0\n"
                         "output_per_million = 15.0\n");
        QVERIFY(start(f));
        const QByteArray client = f.createKey(Role::Client, u"sdk-app"_s);
        const QByteArray support = f.createKey(Role::Support);
        const auto answer = GatewayFixture::wait(post(f, client, kMessage));
        QCOMPARE(answer.status, 200);
        const QJsonObject usage = answer.json.value("usage"_L1).toObject();
        const qint64 input = usage.value("input_tokens"_L1).toInteger();
        const qint64 output = usage.value("output_tokens"_L1).toInteger();
        QVERIFY(input > 0 && output > 0);
        const PriceTable prices({ModelPrice{u"claude-sonnet-4*"_s, 3.0, 15.0}});
        const qint64 cost = *prices.costNanoUsd(u"claude-sonnet-4"_s, input, output);
        const qint64 credits = PriceTable::creditsFor(cost);
        QVERIFY(credits >= 1);

        for (int run = 0; run < 2; ++run) { // before and after a restart
            const auto pool = f.call("GET", u"/v1/pools/anthropic"_s, {}, support);
            QCOMPARE(pool.number("cost_nano_usd_today"_L1), cost);
            QCOMPARE(pool.number("credits_today"_L1), credits);
            const auto user = f.call("GET", u"/v1/users/end-user-7"_s, {}, support);
            const QJsonObject quota = user.json.value("quota"_L1).toObject();
            QCOMPARE(quota.value("credits_today"_L1).toInteger(), credits);
            const auto history = f.call("GET", u"/v1/usage/history?days=7"_s, {}, support);
            QCOMPARE(history.status, 200);
            const QJsonArray days = history.json.value("days"_L1).toArray();
            QCOMPARE(days.size(), 1);
            const QJsonObject today = days.first().toObject();
            QCOMPARE(today.value("pool"_L1).toString(), u"anthropic"_s);
            QCOMPARE(today.value("tier"_L1).toString(), u"free"_s);
            QCOMPARE(today.value("cost_nano_usd"_L1).toInteger(), cost);
            QCOMPARE(today.value("credits"_L1).toInteger(), credits);
            QCOMPARE(today.value("date"_L1).toString(), history.text("to"_L1));
            if (run == 0) {
                const QByteArray metrics = f.call("GET", u"/metrics"_s, {}, support).body;
                const QByteArray labels = "{pool=\"anthropic\",tier=\"free\"} ";
                const QByteArray count = QByteArray::number(credits) + '\n';
                QVERIFY(metrics.contains(QByteArray("sluice_credits_total" + labels + count)));
                QVERIFY(metrics.contains(
                    QByteArray("sluice_pool_tier_credits_today" + labels + count)));
                f.gateway.reset();
                QVERIFY(start(f));
            }
        }
        const auto bad = f.call("GET", u"/v1/usage/history?days=0"_s, {}, support);
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("days must be an integer between 1 and 366"));
    }
};

QTEST_GUILESS_MAIN(TestProxyRoute)
#include "tst_proxyroute.moc"
