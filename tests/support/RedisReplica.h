#pragma once

#include "redis/RedisPool.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

#include <array>
#include <memory>
#include <optional>

namespace sluice::test {

/// What one replica of the gateway holds in Redis mode: its own connection, the function
/// library on it and one pool's calls. Several in one test act as several replicas: their
/// calls interleave in Redis as separate clients'. sync() waits (bounded) for one answer.
struct RedisReplica
{
    static constexpr int kWaitMs = 10'000;

    RedisConnection connection;
    RedisFunctions functions;
    RedisPool pool;

    RedisReplica(const QString &url, const QString &poolName,
                 RedisFunctions::Mode mode = RedisFunctions::Mode::Functions,
                 const QString &replica = {})
        : connection(*RedisUrl::parse(url))
        , functions(connection, mode)
        , pool(functions, RedisKeys(QStringLiteral("test")), poolName, replica)
    {
        connection.setCommandTimeout(5000);
        connection.setBackoff(10, 200);
    }

    /// Connects and waits until the library is loaded.
    bool open()
    {
        QSignalSpy loaded(&functions, &RedisFunctions::loaded);
        connection.open();
        return loaded.wait(kWaitMs);
    }

    /// Runs `call` with a callback and waits for its answer.
    template<typename Call> static RedisAnswer sync(Call call)
    {
        auto answer = std::make_shared<std::optional<RedisAnswer>>();
        call([answer](const RedisAnswer &a) { *answer = a; });
        QDeadlineTimer deadline(kWaitMs);
        while (!answer->has_value() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (answer->has_value())
            return **answer;
        RedisAnswer none;
        none.failure = RedisReply::Failure::Timeout;
        none.error = QStringLiteral("the test heard no answer within %1 ms").arg(kWaitMs);
        return none;
    }

    RedisAnswer configure(const RedisPoolLimits &limits)
    {
        return sync([&](auto done) { pool.configure(limits, done); });
    }
    RedisAnswer admit(const RedisAdmitRequest &request)
    {
        return sync([&](auto done) { pool.admit(request, done); });
    }
    RedisAnswer release(const QString &id, qint64 tokens = -1, bool refund = false,
                        qint64 costNanoUsd = 0)
    {
        return sync([&](auto done) { pool.release(id, tokens, refund, costNanoUsd, done); });
    }
    RedisAnswer status(const QString &id)
    {
        return sync([&](auto done) { pool.status(id, done); });
    }
    RedisAnswer tick()
    {
        return sync([&](auto done) { pool.tick(done); });
    }
};

/// Three replicas of pool "llm" of deployment "test" on one Redis, as the scale-out tests
/// drive them.
struct RedisReplicas
{
    std::array<std::unique_ptr<RedisReplica>, 3> all;

    RedisReplica &operator[](int i) { return *all.at(size_t(i)); }

    /// Connects each (again) and waits until each has the library.
    bool open(const QString &url)
    {
        for (auto &replica : all) {
            replica = std::make_unique<RedisReplica>(url, QStringLiteral("llm"));
            if (!replica->open())
                return false;
        }
        return true;
    }

    /// Every replica pushes the pool's limits (as each gateway does at start): the answer
    /// of the last.
    RedisAnswer configureAll(const RedisPoolLimits &limits)
    {
        RedisAnswer last;
        for (auto &replica : all)
            last = replica->configure(limits);
        return last;
    }
};

} // namespace sluice::test
