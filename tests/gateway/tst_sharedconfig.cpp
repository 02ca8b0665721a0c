// Three gateways sharing one deployment through a real redis-server: a configuration change
// made on one replica is the configuration of all (SharedConfig), a new replica takes the
// deployment's rather than its file's, a replica restarted with an edited file publishes it,
// and a document no replica can apply is reported, never applied.

#include "SharedReplicas.h"

#include "engine/Engine.h"
#include "shared/SharedConfig.h"

#include <QFile>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedConfig : public SharedReplicasCase
{
    Q_OBJECT

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void aChangeOnOneReplicaIsEveryReplicasConfiguration()
    {
        QVERIFY(allAt(1)); // the first replica seeded the deployment; the others took it
        QCOMPARE(setFreeDailyRequests(0, 1), 200);
        QVERIFY(waitFor([&] { return freeDailyRequests(1) == 1 && freeDailyRequests(2) == 1; }));
        QVERIFY(allAt(2));
        QCOMPARE(documentVersion(), 2);

        // Replica 2 decides with the new tier: alice's one request of the day was on replica 1.
        const GatewayFixture::Answer first = acquire(1, u"alice"_s);
        QCOMPARE(first.status, 200);
        QCOMPARE(m_shared->release(1, first.text("requestId"_L1)).status, 200);
        const GatewayFixture::Answer second = acquire(2, u"alice"_s);
        QCOMPARE(second.status, 429);
        QCOMPARE(second.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);

        // Replica 1's history has the change, by its actor, from where it was made.
        const ConfigVersionRow latest = replica(1).gateway->runtime().configVersions().list().first();
        QVERIFY2(latest.note.contains(u"published by replica replica-0"_s), qPrintable(latest.note));
        const ConfigVersionRow made = replica(0).gateway->runtime().configVersions().list().first();
        QCOMPARE(latest.actor, made.actor);
    }

    void aStartingReplicaTakesTheDeploymentsConfigurationNotItsFile()
    {
        QCOMPARE(setMaxConcurrent(0, 1), 200);
        QVERIFY(waitFor([&] { return maxConcurrent(2) == 1; }));
        const QByteArray poolVersion = poolState("cfgver");

        // Replica 2 restarts with its file (max_concurrent 2): it takes 1 from Redis, and
        // never pushed its file's limits there.
        QVERIFY(m_shared->startReplica(2));
        QCOMPARE(maxConcurrent(2), 1);
        QCOMPARE(poolState("maxc"), QByteArray("1"));
        QCOMPARE(poolState("cfgver"), poolVersion);
        QCOMPARE(documentVersion(), 2);
        QCOMPARE(replica(2).gateway->sharedConfig()->sharedVersion(), 2);
    }

    void aReplicaRestartedWithAnEditedFilePublishesIt()
    {
        GatewayFixture &edited = replica(2);
        GatewayOptions options = edited.options();
        options.shared = edited.gateway->sharedLink()->options();
        edited.gateway.reset();
        EngineConfig config = EngineFixture::defaultTestConfig();
        config.pools[0].maxConcurrent = 4;
        QFile file(options.configPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(RuntimeFixture::toToml(config));
        file.close();
        QVERIFY(edited.start(options));
        QVERIFY(waitFor([&] { return maxConcurrent(0) == 4 && maxConcurrent(1) == 4; }));
        QCOMPARE(maxConcurrent(2), 4);
        QCOMPARE(documentVersion(), 2);
        QCOMPARE(poolState("maxc"), QByteArray("4"));
    }

    /// A change made while Redis was out survives a restart of its replica before Redis is
    /// back: the store says it was never published.
    void aChangeNotPublishedYetSurvivesARestart()
    {
        redis().stop();
        QVERIFY(waitFor([&] { return !replica(1).gateway->sharedLink()->isReady(); }));
        QCOMPARE(setFreeDailyRequests(1, 5), 200);
        GatewayFixture &changed = replica(1);
        GatewayOptions options = changed.options();
        options.shared = changed.gateway->sharedLink()->options();
        changed.gateway.reset();
        QVERIFY(changed.start(options));
        QVERIFY(changed.gateway->sharedConfig()->pending());
        QVERIFY(restartRedis());
        QVERIFY(waitFor([&] { return freeDailyRequests(0) == 5 && freeDailyRequests(2) == 5; }));
        QCOMPARE(freeDailyRequests(1), 5);
    }

    /// A replica that refuses the deployment's configuration when it reconnects fails closed,
    /// even for a local_share pool: Redis answers, so this is no outage to decide alone in.
    void aReplicaRefusingTheConfigurationAfterAReconnectFailsClosed()
    {
        EngineConfig config = EngineFixture::defaultTestConfig();
        config.pools[0].redisDown = u"local_share"_s;
        m_shared.reset();
        startReplicas(RuntimeFixture::toToml(config));
        QVERIFY(waitFor([&] { // local_share's divisor: the replicas heartbeating
            for (int i = 0; i < 3; ++i)
                admission(i).upkeep();
            return admission(1).liveReplicas() == 3;
        }));
        const QByteArray bad = "{\"pools\": \"not a list\"}";
        redis().call({"HSET", "{sl:test}:config", "ver", "9", "doc", bad, "replica", "elsewhere"});
        redis().call({"CLIENT", "KILL", "TYPE", "normal"}); // every replica reconnects
        QVERIFY(waitFor([&] { return replica(1).gateway->sharedLink()->awaitingConfig(); }));
        const GatewayFixture::Answer refused = acquire(1, u"alice"_s);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        QCOMPARE(sharedInUse(), 0);
    }

    void redisBackEmptyIsSeededOnceWithoutPingPong()
    {
        QCOMPARE(setFreeDailyRequests(0, 7), 200);
        QVERIFY(allAt(2));
        redis().stop();
        QVERIFY(waitFor([&] { return !replica(0).gateway->sharedLink()->isReady(); }));
        QVERIFY(restartRedis());
        QVERIFY(allAt(1)); // one replica seeded version 1; the others had the same document
        for (int round = 0; round < 3; ++round) { // each reads the document again
            for (int i = 0; i < 3; ++i)
                replica(i).gateway->sharedConfig()->upkeep(SharedConfig::kRefreshMs * (round + 1));
            QVERIFY(waitFor([&] { return !syncing(); }));
        }
        QVERIFY(allAt(1));
        QCOMPARE(documentVersion(), 1);
        QCOMPARE(freeDailyRequests(2), 7);
    }

    void aChangeMadeWhileRedisIsOutIsPublishedWhenItIsBack()
    {
        redis().stop();
        QVERIFY(waitFor([&] { return !replica(1).gateway->sharedLink()->isReady(); }));
        QCOMPARE(setFreeDailyRequests(1, 3), 200); // applied here at once, published later
        QVERIFY(replica(1).gateway->sharedConfig()->pending());
        QVERIFY(restartRedis());
        QVERIFY(waitFor([&] { return freeDailyRequests(0) == 3 && freeDailyRequests(2) == 3; }));
        QVERIFY(!replica(1).gateway->sharedConfig()->pending());
        QCOMPARE(freeDailyRequests(1), 3);
    }

    void aDocumentNoReplicaCanApplyIsReportedNotApplied()
    {
        const QByteArray bad = "{\"pools\": \"not a list\"}";
        redis().call({"HSET", "{sl:test}:config", "ver", "9", "doc", bad, "replica", "elsewhere"});
        redis().call({"XADD", "{sl:test}:events", "*", "type", "config", "pool", "", "id", "9",
                      "owner", "elsewhere", "reason", ""});
        const QByteArray support = replica(1).createKey(Role::Support, u"support"_s);
        QJsonObject answer;
        QVERIFY(waitFor([&] {
            answer = replica(1).call("GET", u"/v1/replicas"_s, {}, support).json;
            return !answer.value("config_problem"_L1).toString().isEmpty();
        }));
        QVERIFY2(answer.value("config_problem"_L1).toString().contains(u"version 9"_s),
                 qPrintable(answer.value("config_problem"_L1).toString()));
        QCOMPARE(answer.value("config_version"_L1).toInteger(), 1);
        QCOMPARE(freeDailyRequests(1), 10);
        QVERIFY(replica(1).gateway->sharedLink()->isReady()); // it goes on with what it had

        // A valid change from any replica replaces it, and the problem is gone everywhere.
        QCOMPARE(setFreeDailyRequests(2, 4), 200);
        QVERIFY(allAt(10));
        QVERIFY(waitFor([&] { return freeDailyRequests(0) == 4 && freeDailyRequests(1) == 4; }));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(replica(i).gateway->sharedConfig()->problem(), QString());
    }

private:
    bool allAt(qint64 version)
    {
        return waitFor([&] {
            for (int i = 0; i < 3; ++i) {
                if (replica(i).gateway->sharedConfig()->sharedVersion() != version)
                    return false;
            }
            return true;
        });
    }

    bool syncing()
    {
        for (int i = 0; i < 3; ++i) {
            if (replica(i).gateway->sharedConfig()->syncing())
                return true;
        }
        return false;
    }

    qint64 documentVersion() { return redis().call({"HGET", "{sl:test}:config", "ver"}).text.toLongLong(); }
    QByteArray poolState(const QByteArray &field)
    {
        return redis().call({"HGET", "{sl:test}:p:llm:st", field}).text;
    }
    const EngineConfig &config(int i) { return replica(i).engine().config(); }
    qint64 freeDailyRequests(int i) { return config(i).tier(u"free"_s)->dailyRequests; }
    int maxConcurrent(int i) { return config(i).pool(u"llm"_s)->maxConcurrent; }

    /// Sets one field of `item` ("tiers/free", "pools/llm") through replica `i`'s admin API.
    int setField(int i, const QString &item, const QString &field, int value)
    {
        const QString member = item.section(u'/', 0, 0).chopped(1); // "tier", "pool"
        const QJsonObject body{{member, QJsonObject{{field, value}}}};
        const QByteArray key =
            replica(i).createKey(Role::Admin, u"admin-%1-%2"_s.arg(i).arg(++m_adminKeys));
        return replica(i)
            .call("PUT", u"/v1/config/"_s + item, QJsonDocument(body).toJson(QJsonDocument::Compact),
                  key)
            .status;
    }
    int setFreeDailyRequests(int i, int requests)
    {
        return setField(i, u"tiers/free"_s, u"daily_requests"_s, requests);
    }
    int setMaxConcurrent(int i, int limit) { return setField(i, u"pools/llm"_s, u"max_concurrent"_s, limit); }

    int m_adminKeys = 0;
};

QTEST_GUILESS_MAIN(TestSharedConfig)
#include "tst_sharedconfig.moc"
