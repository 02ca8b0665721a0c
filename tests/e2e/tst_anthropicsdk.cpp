// End to end: the official @anthropic-ai/sdk (Node) through the reverse proxy, 50 requests at
// once against a mock provider that allows 3 at a time: all succeed, the mock never sees more
// than 3 and never has to refuse one. Sluice runs as the daemon does (EngineRuntime); then as
// three replicas sharing the limit through a real redis-server (sluiced --redis).
#include "MockProvider.h"
#include "ProxyStack.h"
#include "SharedReplicas.h"
#include "engine/Engine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestAnthropicSdk : public QObject
{
    Q_OBJECT

    static constexpr int kRequests = 50;
    static constexpr int kUpstreamSlots = 3;

    /// The provider: 3 requests at once, 100 ms each.
    static MockConfig upstream()
    {
        MockConfig config;
        config.maxConcurrent = kUpstreamSlots;
        config.latencyMs = 100;
        config.apiKey = "sk-upstream-e2e";
        return config;
    }

    /// Runs sdk.mjs against `urls` with `keys` (comma-separated lists); its summary line, or
    /// empty after a failure (the test has failed then).
    static QByteArray runSdk(const QString &urls, const QString &keys, const QString &expectedText)
    {
        const QString node = QStandardPaths::findExecutable(u"node"_s);
        if (node.isEmpty()) {
            QTest::qFail("node (Node.js 20) is needed for this test", __FILE__, __LINE__);
            return {};
        }
        QProcess sdk;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"SLUICE_PROXY_URL"_s, urls);
        env.insert(u"SLUICE_CLIENT_KEY"_s, keys);
        env.insert(u"SLUICE_REQUESTS"_s, QString::number(kRequests));
        env.insert(u"SLUICE_EXPECTED_TEXT"_s, expectedText);
        sdk.setProcessEnvironment(env);
        sdk.setWorkingDirectory(QStringLiteral(SLUICE_E2E_DIR));
        QSignalSpy finished(&sdk, &QProcess::finished);
        sdk.start(node, {QStringLiteral(SLUICE_E2E_DIR "/sdk.mjs")});
        if (!sdk.waitForStarted(10'000) || !finished.wait(120'000)) {
            QTest::qFail(qPrintable(sdk.errorString()), __FILE__, __LINE__);
            return {};
        }
        const QByteArray out = sdk.readAllStandardOutput();
        if (sdk.exitStatus() != QProcess::NormalExit || sdk.exitCode() != 0) {
            QTest::qFail(QByteArray(out + sdk.readAllStandardError()).constData(), __FILE__,
                         __LINE__);
            return {};
        }
        qInfo().noquote() << "sdk:" << out.trimmed();
        return out;
    }

private slots:
    void fiftyConcurrentRequestsThroughTheProxy()
    {
        const MockConfig mockConfig = upstream();
        MockProvider mock(mockConfig);
        QVERIFY(mock.listen() != 0);

        EngineConfig config;
        PoolConfig pool;
        pool.name = u"anthropic"_s;
        pool.maxConcurrent = kUpstreamSlots;
        pool.maxQueueLength = 1000;
        pool.queueTimeoutMs = 120'000;
        pool.upstreamUrl = mock.baseUrl().toString();
        pool.upstreamKeyEnv = u"E2E_UPSTREAM_KEY"_s;
        pool.upstreamAuthHeader = u"x-api-key"_s;
        config.pools = {pool};
        TierConfig tier;
        tier.name = u"free"_s;
        tier.dailyRequests = 10;
        config.tiers = {tier};

        ProxyOptions options;
        options.authenticate = [](const QByteArray &key) -> std::optional<QString> {
            return key == "sk-sluice-e2e-client" ? std::optional(u"e2e"_s) : std::nullopt;
        };
        options.environment = QProcessEnvironment();
        options.environment.insert(u"E2E_UPSTREAM_KEY"_s, u"sk-upstream-e2e"_s);
        QString error;
        const std::unique_ptr<ProxyStack> sluice = ProxyStack::start(config, options, &error);
        QVERIFY2(sluice, qPrintable(error));
        Engine &engine = sluice->engine();
        QList<ProxyOutcome> outcomes;
        connect(&sluice->proxy(), &ReverseProxy::exchangeFinished, this,
                [&outcomes](const ProxyOutcome &outcome) { outcomes.append(outcome); });

        const QByteArray out = runSdk(sluice->baseUrl().toString() + u"/proxy/anthropic"_s,
                                      u"sk-sluice-e2e-client"_s, mockConfig.replyText);
        QVERIFY(!out.isEmpty());
        const QJsonObject summary = QJsonDocument::fromJson(out.trimmed()).object();
        QCOMPARE(summary.value(u"succeeded"_s).toInt(), kRequests);
        const MockStats stats = mock.stats();
        QCOMPARE(stats.served, kRequests);
        QCOMPARE(stats.maxActive, kUpstreamSlots);  // never more, and the slots were used
        QCOMPARE(stats.rateLimited, 0);
        QCOMPARE(stats.unauthorized, 0);
        QTRY_COMPARE(outcomes.size(), kRequests);
        qint64 outputTokens = 0;
        for (const ProxyOutcome &outcome : std::as_const(outcomes)) {
            QCOMPARE(outcome.ending, u"completed"_s);
            QCOMPARE(outcome.attempts, 1);
            outputTokens += outcome.usage.outputTokens;
        }
        QCOMPARE(outputTokens, summary.value(u"outputTokens"_s).toInteger());
        QCOMPARE(engine.poolStatus(u"anthropic"_s)->inUse, 0);
        // Each request had its own end user, on the default tier.
        QCOMPARE(engine.userQuota(u"user-7"_s).tier, u"free"_s);
        QCOMPARE(engine.userQuota(u"user-7"_s).requestsToday, 1);
    }

    void fiftyConcurrentRequestsThroughThreeSharedReplicas()
    {
        const MockConfig mockConfig = upstream();
        MockProvider mock(mockConfig);
        QVERIFY(mock.listen() != 0);
        const QByteArray toml = "default_tier = \"free\"\n"
                                "[pools.anthropic]\nmax_concurrent = 3\nmax_queue_length = 1000\n"
                                "queue_timeout_ms = 120000\n"
                                "upstream_url = \"" + mock.baseUrl().toString().toUtf8() + "\"\n"
                                "upstream_key_env = \"E2E_UPSTREAM_KEY\"\n"
                                "upstream_auth_header = \"x-api-key\"\n"
                                "[tiers.free]\ndaily_requests = 10\n";
        QProcessEnvironment environment;
        environment.insert(u"E2E_UPSTREAM_KEY"_s, u"sk-upstream-e2e"_s);
        SharedReplicas shared;
        QString error;
        QVERIFY2(shared.redis.start(&error), qPrintable(error));
        QStringList urls;
        QStringList keys;
        for (int i = 0; i < 3; ++i) {
            QVERIFY(shared.startReplica(i, toml, environment));
            urls.append(shared.replica(i).url(u"/proxy/anthropic"_s).toString());
            keys.append(QString::fromLatin1(shared.keys[size_t(i)]));
        }

        const QByteArray out = runSdk(urls.join(u','), keys.join(u','), mockConfig.replyText);
        QVERIFY(!out.isEmpty());
        QCOMPARE(QJsonDocument::fromJson(out.trimmed()).object().value(u"succeeded"_s).toInt(),
                 kRequests);
        const MockStats stats = mock.stats();
        QCOMPARE(stats.served, kRequests);
        QCOMPARE(stats.maxActive, kUpstreamSlots); // three replicas, still never more than 3
        QCOMPARE(stats.rateLimited, 0);
        QVERIFY(SharedReplicas::waitFor([&] { return shared.sharedInUse("anthropic") == 0; }));
    }
};

QTEST_GUILESS_MAIN(TestAnthropicSdk)
#include "tst_anthropicsdk.moc"
