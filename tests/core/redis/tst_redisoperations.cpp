#include "RedisReplica.h"
#include "RedisServer.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;

/// Operators' actions and the upstream's 429 pause, made on one replica, hold for all:
/// pause keeps queueing and grants nothing until resume; drain refuses new requests and
/// lets running ones finish; purge drops waiting tickets (bounded per call), never running
/// leases; a 429 pause is never shortened and ends on time; a claimed ticket's grant goes
/// to its new owner.
class TestRedisOperations : public QObject
{
    Q_OBJECT

    static constexpr qint64 kStart = 1'800'000'000'000;

    RedisServer m_server;
    std::unique_ptr<RedisReplica> m_a;
    std::unique_ptr<RedisReplica> m_b;

    void setClock(qint64 ms) { m_server.setTestClock(ms); }
    static RedisAdmitRequest request(const QByteArray &id, bool wait = true)
    {
        RedisAdmitRequest r;
        r.requestId = id;
        r.user = QStringLiteral("ops");
        r.wait = wait;
        r.owner = QStringLiteral("replica-a");
        return r;
    }
    static QString reason(const RedisAnswer &a)
    {
        return a.json.value(QLatin1String("reason")).toString();
    }
    RedisAnswer operate(RedisReplica &r, const QString &op)
    {
        return RedisReplica::sync(
            [&](auto done) { r.pool.operate(op, QStringLiteral("admin"), done); });
    }
    RedisAnswer pauseFor(RedisReplica &r, qint64 ms)
    {
        return RedisReplica::sync([&](auto done) { r.pool.pauseFor(ms, done); });
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
        m_a = std::make_unique<RedisReplica>(m_server.url(), QStringLiteral("llm"));
        m_b = std::make_unique<RedisReplica>(m_server.url(), QStringLiteral("llm"));
        QVERIFY(m_a->open() && m_b->open());
        RedisPoolLimits limits;
        limits.maxConcurrent = 1;
        limits.requestsPerMinute = 1000;
        limits.tokensPerMinute = 1'000'000;
        limits.maxQueueLength = 1000;
        QCOMPARE(m_a->configure(limits).status(), QStringLiteral("ok"));
        QCOMPARE(m_b->configure(limits).status(), QStringLiteral("ok"));
    }

    void pauseQueuesUntilResume()
    {
        QCOMPARE(operate(*m_a, QStringLiteral("pause")).status(), QStringLiteral("ok"));
        const RedisAnswer waiting = m_b->admit(request("p1"));
        QCOMPARE(waiting.status(), QStringLiteral("queued"));
        QCOMPARE(reason(waiting), QStringLiteral("POOL_PAUSED"));
        QVERIFY(!waiting.json.contains(QLatin1String("eta_ms"))); // paused: no time promised
        QCOMPARE(m_b->tick().list(QLatin1String("granted")), QStringList());
        QCOMPARE(operate(*m_b, QStringLiteral("resume")).list(QLatin1String("granted")),
                 QStringList{waiting.id()});
    }

    void drainRefusesNewAndLetsRunningFinish()
    {
        const QString lease = m_a->admit(request("d1")).id();
        const RedisAnswer queued = m_a->admit(request("d2"));
        QCOMPARE(operate(*m_b, QStringLiteral("drain")).status(), QStringLiteral("ok"));
        QCOMPARE(reason(m_b->admit(request("d3"))), QStringLiteral("POOL_DRAINING"));
        QCOMPARE(m_a->release(lease).list(QLatin1String("granted")), QStringList{queued.id()});
        operate(*m_a, QStringLiteral("resume"));
        QCOMPARE(m_b->admit(request("d4")).status(), QStringLiteral("queued"));
    }

    void purgeIsBoundedAndSparesLeases()
    {
        const QString lease = m_a->admit(request("x0")).id();
        for (int i = 1; i <= 70; ++i)
            QCOMPARE(m_b->admit(request("x" + QByteArray::number(i))).status(),
                     QStringLiteral("queued"));
        const RedisAnswer first = operate(*m_a, QStringLiteral("purge"));
        QCOMPARE(first.json.value(QLatin1String("purged")).toInteger(), 64);
        QCOMPARE(first.json.value(QLatin1String("remaining")).toInteger(), 6);
        const RedisAnswer second = operate(*m_a, QStringLiteral("purge"));
        QCOMPARE(second.json.value(QLatin1String("purged")).toInteger(), 6);
        QCOMPARE(second.json.value(QLatin1String("remaining")).toInteger(), 0);
        QCOMPARE(m_b->status(lease).status(), QStringLiteral("granted"));
        const RedisReply events = m_server.call({"XRANGE", "{sl:test}:events", "-", "+"});
        int purged = 0;
        for (const RedisReply &e : events.elements)
            purged += e.elements.at(1).elements.at(9).text == "QUEUE_PURGED";
        QCOMPARE(purged, 70);
        QCOMPARE(reason(operate(*m_a, QStringLiteral("explode"))),
                 QStringLiteral("INVALID_REQUEST"));
    }

    void upstreamPauseIsSharedAndNeverShortened()
    {
        QCOMPARE(pauseFor(*m_a, 5000).json.value(QLatin1String("paused_until")).toInteger(),
                 kStart + 5000);
        QCOMPARE(pauseFor(*m_b, 1000).json.value(QLatin1String("paused_until")).toInteger(),
                 kStart + 5000);
        const RedisAnswer refused = m_b->admit(request("u1", false));
        QCOMPARE(reason(refused), QStringLiteral("RATE_LIMITED"));
        QCOMPARE(refused.json.value(QLatin1String("held_by")).toString(),
                 QStringLiteral("UPSTREAM_THROTTLED"));
        QCOMPARE(refused.json.value(QLatin1String("retry_after_ms")).toInteger(), 5000);
        const RedisAnswer waiting = m_b->admit(request("u2"));
        QCOMPARE(reason(waiting), QStringLiteral("UPSTREAM_THROTTLED"));
        QCOMPARE(m_a->tick().json.value(QLatin1String("next_wake_ms")).toInteger(), kStart + 5000);
        setClock(kStart + 5000);
        QCOMPARE(m_a->tick().list(QLatin1String("granted")), QStringList{waiting.id()});
    }

    void claimedTicketIsGrantedToItsNewOwner()
    {
        const QString lease = m_a->admit(request("c1")).id();
        const RedisAnswer waiting = m_a->admit(request("c2"));
        const RedisAnswer claimed = RedisReplica::sync(
            [&](auto done) { m_b->pool.claim(waiting.id(), QStringLiteral("replica-b"), done); });
        QCOMPARE(claimed.json.value(QLatin1String("claimed")).toBool(), true);
        m_a->release(lease);
        const RedisReply last =
            m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"});
        const QList<RedisReply> &fields = last.elements.at(0).elements.at(1).elements;
        QCOMPARE(fields.at(1).text, QByteArray("grant"));
        QCOMPARE(fields.at(7).text, QByteArray("replica-b"));
    }

    /// A restarted replica asks for its own requests only: one its client resumed elsewhere
    /// meanwhile stays there, and an id Redis no longer knows is nobody's.
    void aClaimOnlyFromItsOwnerLeavesAMovedRequestAlone()
    {
        const QString lease = m_a->admit(request("o1")).id();
        const QString mine = m_a->admit(request("o2")).id();
        RedisReplica::sync(
            [&](auto done) { m_b->pool.claim(lease, QStringLiteral("replica-b"), done); });
        const RedisAnswer moved = RedisReplica::sync([&](auto done) {
            m_a->pool.claim(lease, QStringLiteral("replica-a"), done, QStringLiteral("replica-a"));
        });
        QCOMPARE(moved.json.value(QLatin1String("claimed")).toBool(), false);
        QCOMPARE(moved.json.value(QLatin1String("owner")).toString(), QStringLiteral("replica-b"));
        const RedisReply before =
            m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"});
        const RedisAnswer still = RedisReplica::sync([&](auto done) {
            m_a->pool.claim(mine, QStringLiteral("replica-a"), done, QStringLiteral("replica-a"));
        });
        QCOMPARE(still.json.value(QLatin1String("claimed")).toBool(), true);
        QCOMPARE(still.json.value(QLatin1String("granted")).toBool(), false);
        QVERIFY(still.json.value(QLatin1String("remaining_ms")).toInteger() > 0);
        // Nothing moved, so nobody was told anything.
        QCOMPARE(m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"})
                     .elements.at(0)
                     .elements.at(0)
                     .text,
                 before.elements.at(0).elements.at(0).text);
        const RedisAnswer unknown = RedisReplica::sync([&](auto done) {
            m_a->pool.claim(QStringLiteral("999-1"), QStringLiteral("replica-a"), done,
                            QStringLiteral("replica-a"));
        });
        QCOMPARE(unknown.json.value(QLatin1String("claimed")).toBool(), false);
        QVERIFY(!unknown.json.contains(QLatin1String("owner")));
    }

    /// Its client resumed the lease on replica b, and released it through replica c before
    /// b's event arrived: b hears a drop, so that it ends its copy (else its next heartbeat
    /// would find the lease missing and register it again).
    void aLeaseReleasedThroughAnotherReplicaTellsItsOwner()
    {
        RedisReplica c(m_server.url(), QStringLiteral("llm"), RedisFunctions::Mode::Functions,
                       QStringLiteral("replica-c"));
        QVERIFY(c.open());
        const QString lease = m_a->admit(request("r1")).id();
        RedisReplica::sync(
            [&](auto done) { m_b->pool.claim(lease, QStringLiteral("replica-b"), done); });
        QVERIFY(c.release(lease).json.value(QLatin1String("released")).toBool());
        const RedisReply last =
            m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"});
        const QList<RedisReply> &fields = last.elements.at(0).elements.at(1).elements;
        QCOMPARE(fields.at(1).text, QByteArray("drop"));
        QCOMPARE(fields.at(5).text, lease.toUtf8());
        QCOMPARE(fields.at(7).text, QByteArray("replica-b"));
        QCOMPARE(fields.at(9).text, QByteArray("RELEASED"));
    }
};

QTEST_GUILESS_MAIN(TestRedisOperations)
#include "tst_redisoperations.moc"
