#include "RedisReplica.h"
#include "RedisServer.h"

#include <QSet>
#include <QTest>
#include <QTimer>

#include <array>

using namespace sluice;
using namespace sluice::test;

/// Admission shared by three replicas (three connections, as three gateways would hold)
/// through one real redis-server, driven at once: together they never exceed a pool's
/// concurrency or its 60 s request window; a rejected or queued request consumes nothing; a
/// daily quota counts once across replicas; a call that timed out after Redis committed it
/// and is retried with its request id is not granted twice.
class TestRedisAdmit : public QObject
{
    Q_OBJECT

    static constexpr qint64 kStart = 1'800'000'000'000; // 2027-01-15T08:00:00Z

    RedisServer m_server;
    RedisReplicas m_replicas;

    RedisReplica &replica(int i) { return m_replicas[i]; }
    RedisAnswer configureAll(const RedisPoolLimits &limits)
    {
        return m_replicas.configureAll(limits);
    }
    void setClock(qint64 ms) { m_server.setTestClock(ms); }
    QByteArray poolField(const QByteArray &key, const QByteArray &field)
    {
        return m_server.call({"HGET", "{sl:test}:p:llm:" + key, field}).text;
    }
    qint64 windowCount() { return m_server.call({"ZCARD", "{sl:test}:p:llm:rpm"}).integer; }
    QByteArray quota(const QByteArray &user)
    {
        return m_server.call({"HGET", "{sl:test}:quota", user}).text;
    }

    static RedisPoolLimits limits(qint64 concurrent, qint64 rpm)
    {
        RedisPoolLimits l;
        l.maxConcurrent = concurrent;
        l.requestsPerMinute = rpm;
        l.tokensPerMinute = 10'000'000;
        l.maxQueueLength = 1000;
        l.queueTimeoutMs = 600'000;
        return l;
    }
    static RedisAdmitRequest request(const QByteArray &id,
                                     const QString &user = QStringLiteral("alice"))
    {
        RedisAdmitRequest r;
        r.requestId = id;
        r.user = user;
        r.tokens = 100;
        return r;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void init()
    {
        QCOMPARE(m_server.call({"FLUSHALL"}).text, QByteArray("OK"));
        setClock(kStart);
        QVERIFY(m_replicas.open(m_server.url()));
    }

    void concurrencyNeverAboveTheLimit()
    {
        constexpr int kLimit = 5;
        constexpr int kPerReplica = 40;
        QCOMPARE(configureAll(limits(kLimit, 100'000)).status(), QStringLiteral("ok"));
        QSet<QString> held; // heard granted, release not sent yet: a subset of Redis's leases
        QSet<QString> everGranted;
        int fromQueue = 0;
        int maxHeld = 0;
        qint64 maxInUse = 0;
        int finished = 0;
        QStringList failures;
        std::function<void(int, const QString &)> hold;
        hold = [&](int from, const QString &id) {
            if (everGranted.contains(id))
                failures.append(QStringLiteral("granted twice: ") + id);
            everGranted.insert(id);
            held.insert(id);
            maxHeld = qMax(maxHeld, int(held.size()));
            const int by = (from + 1) % 3; // another replica releases it, a little later
            QTimer::singleShot(int(qHash(id) % 4), this, [&, id, by] {
                held.remove(id);
                replica(by).pool.release(id, 120, false, 0, [&, by](const RedisAnswer &a) {
                    if (!a.ok())
                        failures.append(a.error);
                    maxInUse = qMax(maxInUse, a.json.value(QLatin1String("inuse")).toInteger());
                    ++finished;
                    for (const QString &next : a.list(QLatin1String("granted"))) {
                        ++fromQueue;
                        hold(by, next);
                    }
                });
            });
        };
        for (int n = 0; n < kPerReplica; ++n) {
            for (int i = 0; i < 3; ++i) {
                const QByteArray id = "r" + QByteArray::number(i) + "-" + QByteArray::number(n);
                replica(i).pool.admit(
                    request(id, QStringLiteral("user%1").arg(n % 7)), [&, i](const RedisAnswer &a) {
                        if (!a.ok() || a.status() == QLatin1String("rejected"))
                            failures.append(a.error + a.status());
                        maxInUse = qMax(maxInUse, a.json.value(QLatin1String("inuse")).toInteger());
                        if (a.status() == QLatin1String("granted"))
                            hold(i, a.id());
                    });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, 3 * kPerReplica, 20'000);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(everGranted.size(), 3 * kPerReplica);
        QVERIFY2(maxHeld <= kLimit, qPrintable(QString::number(maxHeld)));
        QVERIFY2(maxInUse <= kLimit, qPrintable(QString::number(maxInUse)));
        QVERIFY(fromQueue > 0); // the pool was full: some waited and were granted by a release
        QCOMPARE(poolField("st", "inuse"), QByteArray("0"));
        QCOMPARE(m_server.call({"ZCARD", "{sl:test}:p:llm:q"}).integer, 0);
        QCOMPARE(m_server.call({"XLEN", "{sl:test}:events"}).integer, fromQueue);
    }

    void requestWindowExactAcrossReplicas()
    {
        QCOMPARE(configureAll(limits(100, 10)).status(), QStringLiteral("ok"));
        QStringList granted;
        QList<qint64> retryAfter;
        int answered = 0;
        for (int n = 0; n < 6; ++n) {
            for (int i = 0; i < 3; ++i) {
                RedisAdmitRequest r = request("w" + QByteArray::number(i * 10 + n));
                r.wait = false;
                replica(i).pool.admit(r, [&](const RedisAnswer &a) {
                    ++answered;
                    if (a.status() == QLatin1String("granted"))
                        granted.append(a.id());
                    else if (a.json.value(QLatin1String("reason")).toString() ==
                             QLatin1String("RATE_LIMITED"))
                        retryAfter.append(
                            a.json.value(QLatin1String("retry_after_ms")).toInteger());
                });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 18, 10'000);
        QCOMPARE(granted.size(), 10);
        QCOMPARE(retryAfter, QList<qint64>(8, 60'000));
        for (const QString &id : granted)
            QCOMPARE(replica(2).release(id).json.value(QLatin1String("released")).toBool(), true);
        // Releasing frees the slot, not the window: it slides exactly 60 s after the grants.
        RedisAdmitRequest late = request("late");
        late.wait = false;
        setClock(kStart + 59'999);
        const RedisAnswer early = replica(1).admit(late);
        QCOMPARE(early.json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("RATE_LIMITED"));
        QCOMPARE(early.json.value(QLatin1String("retry_after_ms")).toInteger(), 1);
        setClock(kStart + 60'000);
        QCOMPARE(replica(1).admit(late).status(), QStringLiteral("granted"));
        QCOMPARE(windowCount(), 1);
    }

    void rejectedOrQueuedConsumesNothing()
    {
        QCOMPARE(configureAll(limits(1, 10)).status(), QStringLiteral("ok"));
        RedisAdmitRequest first = request("a1");
        first.dailyRequests = 100;
        QCOMPARE(replica(0).admit(first).status(), QStringLiteral("granted"));
        const QByteArray afterGrant = quota("alice");
        QCOMPARE(afterGrant.split('|').mid(1), (QList<QByteArray>{"1", "100"}));
        RedisAdmitRequest queued = request("a2");
        queued.dailyRequests = 100;
        const RedisAnswer q = replica(1).admit(queued);
        QCOMPARE(q.status(), QStringLiteral("queued"));
        RedisAdmitRequest refused = request("a3");
        refused.dailyRequests = 100;
        refused.wait = false;
        QCOMPARE(replica(2).admit(refused).json.value(QLatin1String("reason")).toString(),
                 QStringLiteral("RATE_LIMITED"));
        QCOMPARE(quota("alice"), afterGrant);
        QCOMPARE(windowCount(), 1);
        QCOMPARE(poolField("st", "tpm_sum"), QByteArray("100"));
        QCOMPARE(poolField("st", "inuse"), QByteArray("1"));
        const RedisAnswer cancelled =
            RedisReplica::sync([&](auto done) { replica(2).pool.cancel(q.id(), done); });
        QCOMPARE(cancelled.json.value(QLatin1String("cancelled")).toBool(), true);
        QCOMPARE(quota("alice"), afterGrant);
        QCOMPARE(windowCount(), 1);
    }

    void dailyQuotaCountedOnce()
    {
        QCOMPARE(configureAll(limits(100, 1000)).status(), QStringLiteral("ok"));
        int granted = 0;
        QList<qint64> resets;
        int answered = 0;
        for (int n = 0; n < 4; ++n) {
            for (int i = 0; i < 3; ++i) {
                RedisAdmitRequest r =
                    request("q" + QByteArray::number(i * 10 + n), QStringLiteral("bob"));
                r.dailyRequests = 5;
                replica(i).pool.admit(r, [&, i](const RedisAnswer &a) {
                    ++answered;
                    if (a.status() == QLatin1String("granted")) {
                        ++granted;
                        replica(i).pool.release(a.id(), -1, false, 0, [](const RedisAnswer &) {});
                    } else if (a.json.value(QLatin1String("reason")).toString() ==
                               QLatin1String("USER_LIMIT_EXCEEDED")) {
                        resets.append(a.json.value(QLatin1String("reset_at")).toInteger());
                    }
                });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 12, 10'000);
        QCOMPARE(granted, 5);
        const qint64 midnight = (kStart / 86'400'000 + 1) * 86'400'000;
        QCOMPARE(resets, QList<qint64>(7, midnight));
        QCOMPARE(quota("bob").split('|').at(1), QByteArray("5"));
        // The next day (UTC), the quota starts again.
        setClock(midnight);
        RedisAdmitRequest tomorrow = request("q-next-day", QStringLiteral("bob"));
        tomorrow.dailyRequests = 5;
        const RedisAnswer next = replica(1).admit(tomorrow);
        QCOMPARE(next.status(), QStringLiteral("granted"));
        QCOMPARE(next.json.value(QLatin1String("remaining")).toInteger(), 4);
    }

    void timeoutAfterCommitIsNotGrantedTwice()
    {
        QCOMPARE(configureAll(limits(3, 100)).status(), QStringLiteral("ok"));
        RedisAdmitRequest r = request("once");
        r.dailyRequests = 10;
        // The admission commits, then Redis sleeps before writing its answer (both commands
        // arrive in one read): the caller hears a timeout for a call that did commit.
        std::optional<RedisAnswer> first;
        replica(0).pool.admit(
            r, [&](const RedisAnswer &a) { first = a; }, 100);
        replica(0).connection.command(
            {"DEBUG", "SLEEP", "0.5"}, [](const RedisReply &) {}, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(first, 10'000);
        QCOMPARE(first->failure, RedisReply::Failure::Timeout);
        QVERIFY(!m_server.call({"HGET", "{sl:test}:idem", "once"}).text.isEmpty()); // it committed
        // The caller retries with the same request id, through another replica.
        const RedisAnswer retried = replica(1).admit(r);
        QCOMPARE(retried.status(), QStringLiteral("granted"));
        QCOMPARE(retried.json.value(QLatin1String("replay")).toBool(), true);
        QCOMPARE(retried.id(),
                 QString::fromUtf8(m_server.call({"HGET", "{sl:test}:idem", "once"}).text));
        QCOMPARE(poolField("st", "inuse"), QByteArray("1"));
        QCOMPARE(windowCount(), 1);
        QCOMPARE(quota("alice").split('|').at(1), QByteArray("1"));
    }
};

QTEST_GUILESS_MAIN(TestRedisAdmit)
#include "tst_redisadmit.moc"
