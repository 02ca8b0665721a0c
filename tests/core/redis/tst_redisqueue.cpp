#include "RedisReplica.h"
#include "RedisServer.h"

#include <QTest>

#include <algorithm>
#include <array>

using namespace sluice;
using namespace sluice::test;

/// One global queue across three replicas: tickets are granted exactly once, by tier
/// priority then FIFO with aging, and every replica reports the same positions; a ticket
/// held only by its own user's concurrency does not block others; a double release is a
/// no-op; a lease nobody started expires and is refunded; sl_tick grants when the request
/// window slides and says when to call again.
class TestRedisQueue : public QObject
{
    Q_OBJECT

    static constexpr qint64 kStart = 1'800'000'000'000;
    static constexpr qint64 kProBoost = 10'000;
    static constexpr qint64 kEnterpriseBoost = 60'000;

    RedisServer m_server;
    RedisReplicas m_replicas;

    RedisReplica &replica(int i) { return m_replicas[i]; }
    RedisAnswer configureAll(const RedisPoolLimits &limits)
    {
        return m_replicas.configureAll(limits);
    }
    void setClock(qint64 ms) { m_server.setTestClock(ms); }
    static RedisPoolLimits limits(qint64 concurrent, qint64 rpm = 1000, qint64 idleMs = 300'000)
    {
        RedisPoolLimits l;
        l.maxConcurrent = concurrent;
        l.requestsPerMinute = rpm;
        l.tokensPerMinute = 10'000'000;
        l.maxQueueLength = 1000;
        l.queueTimeoutMs = 3'600'000;
        l.leaseIdleMs = idleMs;
        return l;
    }
    static RedisAdmitRequest request(const QByteArray &id, const QString &user, qint64 boost = 0)
    {
        RedisAdmitRequest r;
        r.requestId = id;
        r.user = user;
        r.priorityBoostMs = boost;
        r.tokens = 10;
        r.dailyRequests = 100;
        return r;
    }
    static QString text(const RedisAnswer &a, const char *key)
    {
        return a.json.value(QLatin1String(key)).toString();
    }
    static qint64 number(const RedisAnswer &a, const char *key)
    {
        return a.json.value(QLatin1String(key)).toInteger();
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

    void grantedOnceInPriorityThenFifoOrder()
    {
        QCOMPARE(configureAll(limits(1)).status(), QStringLiteral("ok"));
        const QString holder = replica(0).admit(request("holder", QStringLiteral("h"))).id();
        struct Ticket
        {
            QString id;
            qint64 score;
            int owner;
        };
        QList<Ticket> tickets;
        const std::array<qint64, 3> boosts{0, kProBoost, kEnterpriseBoost};
        // Two waves, 70 s apart, each admitted at once by all three replicas: the first
        // wave's free tickets (score t) go before the second wave's enterprise ones (t+10 s).
        for (const qint64 at : {kStart, kStart + 70'000}) {
            setClock(at);
            int answered = 0;
            for (int n = 0; n < 6; ++n) {
                for (int i = 0; i < 3; ++i) {
                    const qint64 boost = boosts.at(size_t((n + i) % 3));
                    RedisAdmitRequest r =
                        request(QByteArray::number(at) + "-" + QByteArray::number(n * 3 + i),
                                QStringLiteral("u%1").arg(n), boost);
                    r.owner = QStringLiteral("replica-%1").arg(i);
                    replica(i).pool.admit(r, [&, i, at, boost](const RedisAnswer &a) {
                        ++answered;
                        QCOMPARE(a.status(), QStringLiteral("queued"));
                        tickets.append({a.id(), at - boost, i});
                    });
                }
            }
            QTRY_COMPARE_WITH_TIMEOUT(answered, 18, 10'000);
        }
        std::sort(tickets.begin(), tickets.end(), [](const Ticket &a, const Ticket &b) {
            return a.score != b.score ? a.score < b.score : a.id < b.id;
        });
        for (qsizetype p = 0; p < tickets.size(); ++p) {
            for (int i = 0; i < 3; ++i) {
                const RedisAnswer s = replica(i).status(tickets.at(p).id);
                QCOMPARE(number(s, "position"), p + 1);
            }
        }
        // Each release grants the head, once; whoever releases, the owner hears it.
        QString lease = holder;
        QStringList order;
        for (qsizetype p = 0; p <= tickets.size(); ++p) {
            const RedisAnswer r = replica(int(p % 3)).release(lease);
            QCOMPARE(r.json.value(QLatin1String("released")).toBool(), true);
            const QStringList granted = r.list(QLatin1String("granted"));
            QCOMPARE(granted.size(), p < tickets.size() ? 1 : 0);
            if (granted.isEmpty())
                break;
            order.append(granted.first());
            lease = granted.first();
        }
        QStringList expected;
        for (const Ticket &t : tickets)
            expected.append(t.id);
        QCOMPARE(order, expected);
        const RedisReply events = m_server.call({"XRANGE", "{sl:test}:events", "-", "+"});
        QCOMPARE(events.elements.size(), tickets.size());
        for (qsizetype e = 0; e < events.elements.size(); ++e) {
            const QList<RedisReply> &fields = events.elements.at(e).elements.at(1).elements;
            QCOMPARE(fields.at(1).text, QByteArray("grant"));
            QCOMPARE(QString::fromUtf8(fields.at(5).text), tickets.at(e).id);
            QCOMPARE(QString::fromUtf8(fields.at(7).text),
                     QStringLiteral("replica-%1").arg(tickets.at(e).owner));
        }
    }

    void ownConcurrencyDoesNotBlockOthers()
    {
        QCOMPARE(configureAll(limits(3)).status(), QStringLiteral("ok"));
        RedisAdmitRequest a1 = request("a1", QStringLiteral("ann"));
        a1.userMaxConcurrent = 1;
        const QString annLease = replica(0).admit(a1).id();
        RedisAdmitRequest a2 = request("a2", QStringLiteral("ann"));
        a2.userMaxConcurrent = 1;
        const RedisAnswer parked = replica(1).admit(a2);
        QCOMPARE(parked.status(), QStringLiteral("queued"));
        QCOMPARE(text(parked, "reason"), QStringLiteral("USER_CONCURRENCY"));
        QCOMPARE(replica(2).status(parked.id()).json.value(QLatin1String("parked")).toBool(), true);
        QCOMPARE(replica(2).admit(request("b1", QStringLiteral("ben"))).status(),
                 QStringLiteral("granted"));
        const RedisAnswer released = replica(2).release(annLease);
        QCOMPARE(released.list(QLatin1String("granted")), QStringList{parked.id()});
    }

    void doubleReleaseIsANoOp()
    {
        QCOMPARE(configureAll(limits(1)).status(), QStringLiteral("ok"));
        const QString lease = replica(0).admit(request("d1", QStringLiteral("dan"))).id();
        const RedisAnswer waiting = replica(1).admit(request("d2", QStringLiteral("dan")));
        QCOMPARE(replica(1).release(lease).list(QLatin1String("granted")),
                 QStringList{waiting.id()});
        const RedisAnswer again = replica(2).release(lease);
        QCOMPARE(again.json.value(QLatin1String("released")).toBool(), false);
        QCOMPARE(again.list(QLatin1String("granted")), QStringList());
        QCOMPARE(number(again, "inuse"), 1);
        QCOMPARE(m_server.call({"HGET", "{sl:test}:quota", "dan"}).text.split('|').at(1),
                 QByteArray("2"));
    }

    void neverStartedLeaseExpiresRefunded()
    {
        QCOMPARE(configureAll(limits(1, 1000, 1000)).status(), QStringLiteral("ok"));
        const QString first = replica(0).admit(request("e1", QStringLiteral("eve"))).id();
        const RedisAnswer waiting = replica(1).admit(request("e2", QStringLiteral("fay")));
        // Replica 0 releases: the head is granted to replica 1, which dies before hearing it.
        QCOMPARE(replica(0).release(first).list(QLatin1String("granted")),
                 QStringList{waiting.id()});
        QCOMPARE(m_server.call({"HGET", "{sl:test}:quota", "fay"}).text.split('|').at(1),
                 QByteArray("1"));
        setClock(kStart + 999);
        QCOMPARE(replica(2).tick().json.value(QLatin1String("next_wake_ms")).toInteger(),
                 kStart + 1000);
        setClock(kStart + 1000);
        replica(2).tick();
        QCOMPARE(m_server.call({"HGET", "{sl:test}:p:llm:st", "inuse"}).text, QByteArray("0"));
        QCOMPARE(m_server.call({"HGET", "{sl:test}:quota", "fay"}).text.split('|').at(1),
                 QByteArray("0"));
        QCOMPARE(m_server.call({"ZCARD", "{sl:test}:p:llm:rpm"}).integer, 1); // eve's, used
        const RedisReply last =
            m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"});
        QCOMPARE(last.elements.at(0).elements.at(1).elements.at(1).text, QByteArray("expire"));
    }

    // Requests without a token estimate (text-to-speech, avatar sessions) count 0 tokens.
    // Giving back 0 tokens once sent HINCRBY "-0", which Redis refuses: the function stopped
    // half-way, after the lease was gone but before its refund and its `expire` event.
    void zeroTokenLeaseNeverStartedIsRefunded()
    {
        QCOMPARE(configureAll(limits(1, 1000, 1000)).status(), QStringLiteral("ok"));
        RedisAdmitRequest first = request("z1", QStringLiteral("eve"));
        first.tokens = 0;
        RedisAdmitRequest second = request("z2", QStringLiteral("fay"));
        second.tokens = 0;
        const QString lease = replica(0).admit(first).id();
        const RedisAnswer waiting = replica(1).admit(second);
        QCOMPARE(replica(0).release(lease).list(QLatin1String("granted")),
                 QStringList{waiting.id()});
        setClock(kStart + 1000);
        const RedisAnswer tick = replica(2).tick();
        QVERIFY2(tick.ok() && tick.status() == QStringLiteral("ok"), qPrintable(tick.error));
        QCOMPARE(m_server.call({"HGET", "{sl:test}:quota", "fay"}).text.split('|').at(1),
                 QByteArray("0"));
        const RedisReply last =
            m_server.call({"XREVRANGE", "{sl:test}:events", "+", "-", "COUNT", "1"});
        QCOMPARE(last.elements.at(0).elements.at(1).elements.at(1).text, QByteArray("expire"));
    }

    void zeroTokenRequestsSlideOutOfTheTokenWindow()
    {
        QCOMPARE(configureAll(limits(10)).status(), QStringLiteral("ok"));
        RedisAdmitRequest none = request("w1", QStringLiteral("tom"));
        none.tokens = 0;
        replica(0).release(replica(0).admit(none).id());
        setClock(kStart + 61'000);
        const RedisAnswer tick = replica(1).tick();
        QVERIFY2(tick.ok() && tick.status() == QStringLiteral("ok"), qPrintable(tick.error));
        QCOMPARE(m_server.call({"ZCARD", "{sl:test}:p:llm:tpm"}).integer, 0);
        QCOMPARE(number(tick, "tpm_used"), 0);
    }

    void heartbeatKeepsALease()
    {
        QCOMPARE(configureAll(limits(1, 1000, 1000)).status(), QStringLiteral("ok"));
        const QString lease = replica(0).admit(request("k1", QStringLiteral("kim"))).id();
        setClock(kStart + 900);
        const RedisAnswer beat = RedisReplica::sync([&](auto done) {
            replica(0).pool.heartbeat(QStringLiteral("replica-0"),
                                      {lease, QStringLiteral("0000000000000999")}, done);
        });
        QCOMPARE(beat.list(QLatin1String("missing")),
                 QStringList{QStringLiteral("0000000000000999")});
        setClock(kStart + 1500);
        replica(1).tick();
        QCOMPARE(replica(1).status(lease).status(), QStringLiteral("granted"));
        setClock(kStart + 1900);
        replica(1).tick();
        QCOMPARE(replica(1).status(lease).status(), QStringLiteral("unknown"));
    }

    void tickGrantsWhenTheWindowSlides()
    {
        QCOMPARE(configureAll(limits(10, 2)).status(), QStringLiteral("ok"));
        replica(0).release(replica(0).admit(request("t1", QStringLiteral("tom"))).id());
        setClock(kStart + 5'000);
        replica(1).release(replica(1).admit(request("t2", QStringLiteral("tom"))).id());
        const RedisAnswer waiting = replica(2).admit(request("t3", QStringLiteral("tom")));
        QCOMPARE(text(waiting, "reason"), QStringLiteral("REQUESTS_PER_MINUTE"));
        QCOMPARE(number(waiting, "eta_ms"), 55'000);
        const RedisAnswer idle = replica(0).tick();
        QCOMPARE(idle.list(QLatin1String("granted")), QStringList());
        QCOMPARE(number(idle, "next_wake_ms"), kStart + 60'000);
        setClock(kStart + 60'000);
        QCOMPARE(replica(0).tick().list(QLatin1String("granted")), QStringList{waiting.id()});
    }

    void cancelledTicketIsGone()
    {
        QCOMPARE(configureAll(limits(1)).status(), QStringLiteral("ok"));
        replica(0).admit(request("c1", QStringLiteral("cat")));
        const RedisAnswer waiting = replica(1).admit(request("c2", QStringLiteral("cat")));
        const auto cancel = [&](int i) {
            return RedisReplica::sync(
                [&](auto done) { replica(i).pool.cancel(waiting.id(), done); });
        };
        QCOMPARE(cancel(2).json.value(QLatin1String("cancelled")).toBool(), true);
        QCOMPARE(cancel(0).json.value(QLatin1String("cancelled")).toBool(), false);
        QCOMPARE(replica(0).status(waiting.id()).status(), QStringLiteral("unknown"));
    }
};

QTEST_GUILESS_MAIN(TestRedisQueue)
#include "tst_redisqueue.moc"
