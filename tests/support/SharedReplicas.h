#pragma once

#include "GatewayFixture.h"
#include "RedisServer.h"

#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

#include <array>

namespace sluice::test {

/// Three gateways sharing one deployment ("test") through a real redis-server started for
/// the test (sluiced --redis): each with its own store, clock and HTTP port, and a client
/// key. Redis's clock is the test clock, frozen at kRedisStart until a test moves it.
struct SharedReplicas
{
    static constexpr qint64 kRedisStart = 1'800'000'000'000;

    RedisServer redis;
    std::array<std::unique_ptr<GatewayFixture>, 3> replicas;
    std::array<QByteArray, 3> keys;
    std::array<GatewayOptions, 3> started; ///< what each replica was started with

    template<typename Predicate> static bool waitFor(Predicate done)
    {
        return GatewayFixture::waitFor(done);
    }

    bool start(QString *error, const QByteArray &toml = {})
    {
        if (!redis.start(error))
            return false;
        redis.setTestClock(kRedisStart);
        for (int i = 0; i < 3; ++i) {
            if (!startReplica(i, toml)) {
                *error = QStringLiteral("replica %1 did not become ready").arg(i);
                return false;
            }
        }
        return true;
    }

    void stop()
    {
        for (auto &fixture : replicas)
            fixture.reset();
        redis.stop();
    }

    GatewayFixture &replica(int i) { return *replicas[size_t(i)]; }
    SharedAdmission &admission(int i) { return *replica(i).gateway->sharedAdmission(); }

    /// (Re)starts replica `i` with `toml` (empty: the fixture's pool "llm") and
    /// `environment`, and waits until it is ready.
    bool startReplica(int i, const QByteArray &toml = {},
                      const QProcessEnvironment &environment = {})
    {
        replicas[size_t(i)].reset();
        auto fixture = toml.isEmpty() ? std::make_unique<GatewayFixture>()
                                      : std::make_unique<GatewayFixture>(toml);
        GatewayOptions options = fixture->options();
        options.environment = environment;
        SharedOptions shared;
        shared.url = *RedisUrl::parse(redis.url());
        shared.deployment = QStringLiteral("test");
        shared.replica = QStringLiteral("replica-%1").arg(i);
        shared.replicaGiven = true;
        shared.commandTimeoutMs = 5000; // sanitizer builds are slow; timeouts are not tested here
        options.shared = shared;
        if (!fixture->start(options))
            return false;
        started[size_t(i)] = options;
        replicas[size_t(i)] = std::move(fixture);
        keys[size_t(i)] = replica(i).createKey(Role::Client, QStringLiteral("app"));
        return waitFor([&] { return replica(i).gateway->sharedLink()->isReady(); });
    }

    /// Stops replica `i` and starts it again on the same store, under the same name (a
    /// restart), and waits until it is ready.
    bool restartReplica(int i)
    {
        GatewayFixture &fixture = replica(i);
        fixture.gateway.reset();
        if (!fixture.start(started[size_t(i)]))
            return false;
        return waitFor([&] { return fixture.gateway->sharedLink()->isReady(); });
    }

    /// Slots in use in Redis, all replicas together.
    qint64 sharedInUse(const QByteArray &pool = "llm") const
    {
        return redis.call({"HGET", "{sl:test}:p:" + pool + ":st", "inuse"}).text.toLongLong();
    }

    /// The request's state ("active" or "waiting") as replica `i` answers it.
    QString state(int i, const QString &id)
    {
        return replica(i)
            .call("GET", QStringLiteral("/v1/requests/%1").arg(id), {}, keys[size_t(i)])
            .text(QLatin1StringView("state"));
    }

    GatewayFixture::Answer acquire(int i, const QString &user, bool wait = true,
                                   const QString &pool = QStringLiteral("llm"))
    {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("pool"), pool},
                                                          {QStringLiteral("user"), user},
                                                          {QStringLiteral("wait"), wait}})
                                    .toJson(QJsonDocument::Compact);
        return replica(i).call("POST", QStringLiteral("/v1/acquire"), body, keys[size_t(i)]);
    }

    GatewayFixture::Answer release(int i, const QString &id)
    {
        return replica(i).call("POST", QStringLiteral("/v1/requests/%1/release").arg(id), "{}",
                               keys[size_t(i)]);
    }
};

/// The base of a test class over SharedReplicas: init() starts them (call it from the
/// test's init slot), and short names for what the tests use most.
class SharedReplicasCase : public QObject
{
protected:
    std::unique_ptr<SharedReplicas> m_shared;

    void startReplicas(const QByteArray &toml = {})
    {
        m_shared = std::make_unique<SharedReplicas>();
        QString error;
        if (!m_shared->start(&error, toml))
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    }

    GatewayFixture &replica(int i) { return m_shared->replica(i); }
    SharedAdmission &admission(int i) { return m_shared->admission(i); }
    RedisServer &redis() { return m_shared->redis; }
    const QByteArray &keys(int i) { return m_shared->keys[size_t(i)]; }
    GatewayFixture::Answer acquire(int i, const QString &user) { return m_shared->acquire(i, user); }
    QString state(int i, const QString &id) { return m_shared->state(i, id); }
    qint64 sharedInUse(const QByteArray &pool = "llm") { return m_shared->sharedInUse(pool); }
    template<typename Predicate> static bool waitFor(Predicate done)
    {
        return GatewayFixture::waitFor(done);
    }

    /// Starts Redis again (empty: the tests keep no data), on the test clock, and waits until
    /// every replica is ready.
    bool restartRedis()
    {
        QString error;
        if (!redis().start(&error))
            return false;
        redis().setTestClock(SharedReplicas::kRedisStart);
        return waitFor([&] {
            for (int i = 0; i < 3; ++i) {
                if (!replica(i).gateway->sharedLink()->isReady())
                    return false;
            }
            return true;
        });
    }
};

} // namespace sluice::test
