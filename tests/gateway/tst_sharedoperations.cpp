// Three gateways sharing one deployment through a real redis-server: operators' pool
// actions reach every replica, and the reverse proxy on all three keeps one upstream within
// its limit.

#include "MockProvider.h"
#include "SharedReplicas.h"

#include "engine/Engine.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedOperations : public SharedReplicasCase
{
    Q_OBJECT

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    PoolMode mode(int i) { return replica(i).engine().poolStatus(u"llm"_s)->mode; }
    int operate(int i, const QString &action)
    {
        const QByteArray key = replica(i).createKey(Role::Operator, u"ops-%1"_s.arg(action));
        return replica(i).call("POST", u"/v1/pools/llm/%1"_s.arg(action), "{}", key).status;
    }

    void everyReplicaIsListedWithItsHeartbeat()
    {
        for (int i = 0; i < 3; ++i)
            admission(i).upkeep(); // each replica's heartbeat
        const QByteArray support = replica(1).createKey(Role::Support, u"support"_s);
        QJsonObject answer;
        QVERIFY(waitFor([&] {
            answer = replica(1).call("GET", u"/v1/replicas"_s, {}, support).json;
            return answer.value("replicas"_L1).toArray().size() == 3;
        }));
        QCOMPARE(answer.value("mode"_L1).toString(), u"shared"_s);
        QCOMPARE(answer.value("replica"_L1).toString(), u"replica-1"_s);
        QVERIFY(answer.value("ready"_L1).toBool());
        QStringList names;
        for (const QJsonValue &entry : answer.value("replicas"_L1).toArray())
            names.append(entry.toObject().value("name"_L1).toString());
        names.sort();
        QCOMPARE(names, (QStringList{u"replica-0"_s, u"replica-1"_s, u"replica-2"_s}));
    }

    void pauseOnOneReplicaHoldsEveryReplica()
    {
        QCOMPARE(operate(0, u"pause"_s), 200);
        QVERIFY(waitFor([&] { return mode(1) == PoolMode::Paused && mode(2) == PoolMode::Paused; }));
        // Two slots are free, but the pool is paused everywhere: replica 1 queues.
        const GatewayFixture::Answer held = acquire(1, u"alice"_s);
        QCOMPARE(held.status, 202);
        QCOMPARE(sharedInUse(), 0);

        QCOMPARE(operate(2, u"resume"_s), 200);
        QVERIFY(waitFor([&] { return state(1, held.text("requestId"_L1)) == u"active"_s; }));
        QVERIFY(waitFor([&] { return mode(0) == PoolMode::Running; }));
        QCOMPARE(sharedInUse(), 1);
    }

    void drainOnOneReplicaRefusesOnEveryReplica()
    {
        QCOMPARE(operate(1, u"drain"_s), 200);
        const GatewayFixture::Answer refused = acquire(2, u"alice"_s);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"POOL_DRAINING"_s);
    }

    void purgeOnOneReplicaEmptiesTheSharedQueue()
    {
        QCOMPARE(acquire(1, u"alice"_s).status, 200);
        QCOMPARE(acquire(1, u"bob"_s).status, 200);
        const GatewayFixture::Answer carol = acquire(1, u"carol"_s);
        const GatewayFixture::Answer dave = acquire(2, u"dave"_s);
        QCOMPARE(carol.status, 202);
        QCOMPARE(dave.status, 202);
        // Replica 0 holds no ticket of its own; its purge still empties the shared queue.
        QCOMPARE(operate(0, u"purge"_s), 200);
        const auto purged = [&](int i, const GatewayFixture::Answer &ticket) {
            return replica(i)
                       .call("GET", u"/v1/requests/%1"_s.arg(ticket.text("requestId"_L1)), {},
                             keys(i))
                       .text("error"_L1) == u"QUEUE_PURGED"_s;
        };
        QVERIFY(waitFor([&] { return purged(1, carol) && purged(2, dave); }));
        QCOMPARE(redis().call({"ZCARD", "{sl:test}:p:llm:q"}).integer, 0);
        QCOMPARE(admission(1).tracked(), 2); // the two leases
        QCOMPARE(admission(2).tracked(), 0);
    }

    void proxyThroughEveryReplicaKeepsTheUpstreamWithinItsLimit()
    {
        // The provider serves 3 at once and answers 429 beyond; the pool's limit is 3 in all.
        MockConfig limits;
        limits.latencyMs = 20;
        limits.maxConcurrent = 3;
        MockProvider mock(limits);
        QVERIFY(mock.listen() != 0);
        const QByteArray toml = "default_tier = \"free\"\n"
                                "[pools.anthropic]\nmax_concurrent = 3\nmax_queue_length = 100\n"
                                "upstream_url = \"" + mock.baseUrl().toString().toUtf8() + "\"\n"
                                "upstream_key_env = \"MOCK_KEY\"\n"
                                "upstream_auth_header = \"x-api-key\"\n"
                                "[tiers.free]\ndaily_requests = 1000\n";
        QProcessEnvironment environment;
        environment.insert(u"MOCK_KEY"_s, QString::fromLatin1(mock.config().apiKey));
        // A new deployment: forget the one init() made, so that these files seed it.
        redis().call({"DEL", "{sl:test}:config"});
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_shared->startReplica(i, toml, environment));

        // 50 requests at once, over the three replicas (ten clients, so that Qt's six
        // connections per host hold none back).
        constexpr int kRequests = 50;
        std::array<QNetworkAccessManager, 10> clients;
        QList<QNetworkReply *> replies;
        for (int n = 0; n < kRequests; ++n) {
            const int i = n % 3;
            QNetworkRequest request(replica(i).url(u"/proxy/anthropic/v1/messages"_s));
            request.setRawHeader("x-api-key", keys(i));
            request.setRawHeader("x-sluice-user", "user-" + QByteArray::number(n));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
            replies.append(clients[size_t(n) % clients.size()].post(
                request, R"({"model": "claude-sonnet-4", "max_tokens": 16,
                             "messages": [{"role": "user", "content": "Hi"}]})"_ba));
        }
        const bool finished = waitFor([&] {
            return std::all_of(replies.begin(), replies.end(),
                               [](QNetworkReply *reply) { return reply->isFinished(); });
        });
        if (!finished) {
            qWarning() << "mock" << mock.stats().toJson() << "in use" << sharedInUse("anthropic");
            for (const RedisReply &e : redis().call({"HGETALL", "{sl:test}:p:anthropic:st"}).elements)
                qWarning() << e.text;
            qWarning() << redis().call({"ZCARD", "{sl:test}:p:anthropic:q"}).integer
                       << redis().call({"ZCARD", "{sl:test}:p:anthropic:park"}).integer
                       << redis().call({"HLEN", "{sl:test}:p:anthropic:linfo"}).integer;
            for (int i = 0; i < 3; ++i)
                qWarning() << i << admission(i).tracked()
                           << replica(i).engine().poolStatus(u"anthropic"_s)->waiting
                           << replica(i).engine().poolStatus(u"anthropic"_s)->activeLeases;
        }
        QVERIFY(finished);
        for (QNetworkReply *reply : replies) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        const MockStats seen = mock.stats();
        QCOMPARE(seen.served, kRequests);
        QCOMPARE(seen.rateLimited, 0);
        QVERIFY2(seen.maxActive <= 3, qPrintable(QString::number(seen.maxActive)));
        QCOMPARE(sharedInUse("anthropic"), 0); // every slot came back
    }
};

QTEST_GUILESS_MAIN(TestSharedOperations)
#include "tst_sharedoperations.moc"
