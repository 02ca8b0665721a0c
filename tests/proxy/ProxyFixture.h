#pragma once

#include "MockProvider.h"
#include "ProxyHttpServer.h"
#include "ReverseProxy.h"
#include "config/EngineConfig.h"
#include "cost/PriceTable.h"
#include "engine/Engine.h"
#include "runtime/LocalAdmission.h"
#include "util/ManualClock.h"
#include "util/Scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace sluice::test {

/// The reverse proxy between a QNetworkAccessManager client and the mock provider, all on
/// 127.0.0.1 port 0, with the engine and the proxy's retries on a ManualClock (advance()).
/// Pools: "anthropic" (x-api-key) and "openai" (authorization), 2 slots each, a queue of
/// 10 with a 10 s timeout, retries 2 x from 1000 ms. Tier "pro" (1000/day) is the default.
/// Tests adjust `config`, `mockConfig` and `options` before start().
struct ProxyFixture
{
    static constexpr TimeMs kStart = 1'767'261'600'000;  // 2026-01-01 10:00 UTC
    static inline const QByteArray kClientKey = "sk-sluice-client-7f3a";
    static inline const QByteArray kUpstreamKey = "sk-upstream-secret-91c2";

    ManualClock clock{kStart};
    EngineConfig config = defaultConfig();
    MockConfig mockConfig = defaultMockConfig();
    ProxyOptions options = defaultOptions();
    std::unique_ptr<MockProvider> mock;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<AdmissionService> admission;
    /// How admission answers; default: the engine at once (LocalAdmission).
    std::function<std::unique_ptr<AdmissionService>(Engine &)> makeAdmission =
        [](Engine &e) { return std::make_unique<LocalAdmission>(e); };
    PriceTable prices{{{QStringLiteral("claude-test"), 3.0, 15.0}}};
    Scheduler timers{clock, false}; ///< the proxy's retries; advance() runs what is due
    std::unique_ptr<ReverseProxy> proxy;
    std::unique_ptr<ProxyHttpServer> server;
    QNetworkAccessManager client;
    QList<ProxyOutcome> outcomes;

    ~ProxyFixture()
    {
        // The server first: its connections close, and the exchanges end while the proxy,
        // the engine, the mock and `outcomes` are all still there.
        server.reset();
        proxy.reset();
        admission.reset();
        engine.reset();
        mock.reset();
    }

    static EngineConfig defaultConfig()
    {
        EngineConfig c;
        for (const char *name : {"anthropic", "openai"}) {
            PoolConfig pool;
            pool.name = QString::fromLatin1(name);
            pool.maxConcurrent = 2;
            pool.maxQueueLength = 10;
            pool.queueTimeoutMs = 10'000;
            pool.leaseIdleTimeoutMs = 60'000;
            pool.retry = {2, 1000, 8000, 2.0};
            pool.upstreamKeyEnv = QStringLiteral("SLUICE_TEST_UPSTREAM_KEY");
            pool.upstreamAuthHeader = pool.name == QLatin1StringView("anthropic")
                                          ? QStringLiteral("x-api-key")
                                          : QStringLiteral("authorization");
            c.pools.append(pool);
        }
        TierConfig pro;
        pro.name = QStringLiteral("pro");
        pro.dailyRequests = 1000;
        c.tiers = {pro};
        c.defaultTier = QStringLiteral("pro");
        return c;
    }

    static MockConfig defaultMockConfig()
    {
        MockConfig m;
        m.maxConcurrent = 2;
        m.latencyMs = 20;
        m.apiKey = kUpstreamKey;
        return m;
    }

    static ProxyOptions defaultOptions()
    {
        ProxyOptions o;
        o.authenticate = [](const QByteArray &key) -> std::optional<QString> {
            if (key == kClientKey)
                return QStringLiteral("test-client");
            return std::nullopt;
        };
        o.environment = QProcessEnvironment();
        o.environment.insert(QStringLiteral("SLUICE_TEST_UPSTREAM_KEY"),
                             QString::fromLatin1(kUpstreamKey));
        o.random = [] { return 0.5; };
        return o;
    }

    PoolConfig &pool(const char *name = "anthropic")
    {
        for (PoolConfig &each : config.pools)
            if (each.name == QLatin1StringView(name))
                return each;
        return config.pools.first();
    }

    /// Starts the mock, the engine, the proxy and its server. False if a port is missing.
    bool start()
    {
        mock = std::make_unique<MockProvider>(mockConfig);
        if (mock->listen() == 0)
            return false;
        for (PoolConfig &each : config.pools)
            if (each.upstreamUrl.isEmpty())
                each.upstreamUrl = mock->baseUrl().toString();
        engine = std::make_unique<Engine>(clock, config);
        engine->setPriceTable(&prices);
        admission = makeAdmission(*engine);
        proxy = std::make_unique<ReverseProxy>(*engine, *admission, timers, options);
        QObject::connect(proxy.get(), &ReverseProxy::exchangeFinished, proxy.get(),
                         [this](const ProxyOutcome &outcome) { outcomes.append(outcome); });
        server = std::make_unique<ProxyHttpServer>(*proxy);
        return server->listen() != 0;
    }

    static QByteArray messagesBody(bool stream, const char *model = "claude-test")
    {
        QJsonObject body{{QStringLiteral("model"), QString::fromLatin1(model)},
                         {QStringLiteral("max_tokens"), 64},
                         {QStringLiteral("messages"),
                          QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                 {QStringLiteral("content"),
                                                  QStringLiteral("Say hello.")}}}}};
        if (stream)
            body.insert(QStringLiteral("stream"), true);
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    /// POSTs to the proxy. `auth`: "x-api-key" or "bearer"; the key is kClientKey unless given.
    QNetworkReply *post(const QString &path, const QByteArray &body,
                        const QByteArray &user = "alice", const QByteArray &key = kClientKey,
                        const QByteArray &auth = "x-api-key")
    {
        QNetworkRequest request(server->baseUrl().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        if (!key.isEmpty()) {
            if (auth == "bearer")
                request.setRawHeader("Authorization", "Bearer " + key);
            else
                request.setRawHeader("x-api-key", key);
        }
        if (!user.isEmpty())
            request.setRawHeader("X-Sluice-User", user);
        request.setRawHeader("anthropic-version", "2023-06-01");
        return client.post(request, body);
    }

    QNetworkReply *postMessages(bool stream, const QByteArray &user = "alice")
    {
        return post(QStringLiteral("/proxy/anthropic/v1/messages"), messagesBody(stream), user);
    }

    /// Waits (on the event loop, bounded) for the reply to finish.
    static bool finish(QNetworkReply *reply, int timeoutMs = 10'000)
    {
        if (reply->isFinished())
            return true;
        QSignalSpy finished(reply, &QNetworkReply::finished);
        return finished.wait(timeoutMs);
    }

    static int status(QNetworkReply *reply)
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    static QJsonObject json(const QByteArray &body) { return QJsonDocument::fromJson(body).object(); }

    PoolStatus poolStatus(const char *name = "anthropic") const
    {
        return *engine->poolStatus(QString::fromLatin1(name));
    }

    /// Moves the manual clock and lets the engine and the proxy do what is due.
    void advance(qint64 ms)
    {
        clock.advance(ms);
        engine->advance();
        timers.advance();
    }
};

} // namespace sluice::test
