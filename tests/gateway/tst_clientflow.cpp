#include "GatewayFixture.h"
#include "WebSocketClient.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray acquireBody(const QString &user, bool wait = true)
{
    QJsonObject body{{u"pool"_s, u"llm"_s}, {u"user"_s, user}};
    if (!wait)
        body.insert(u"wait"_s, false);
    return QJsonDocument(body).toJson();
}

/// What the seed's browser sends, with the ticket's subscribeToken the application passed on
/// with the requestId (a browser cannot send the key on the upgrade).
QJsonObject subscribe(const GatewayFixture::Answer &acquired)
{
    return QJsonObject{{u"type"_s, u"subscribe"_s},
                       {u"requestId"_s, acquired.text("requestId"_L1)},
                       {u"token"_s, acquired.text("subscribeToken"_L1)}};
}

GatewayOptions quick(const GatewayFixture &f)
{
    GatewayOptions o = f.options();
    o.ticketCoalesceMs = 5;
    return o;
}

} // namespace

/// The seeds' client flow over real HTTP and WebSocket connections.
class TestClientFlow : public QObject
{
    Q_OBJECT

private slots:
    void seedsFlowEndToEnd()
    {
        GatewayFixture f;
        QVERIFY(f.start(quick(f)));
        const QByteArray app = f.createKey(Role::Client, u"diagram-site"_s);
        const auto first = f.call("POST", u"/v1/acquire"_s, acquireBody(u"alice"_s), app);
        const auto second = f.call("POST", u"/v1/acquire"_s, acquireBody(u"bob"_s), app);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.text("status"_L1), u"granted"_s);
        QCOMPARE(second.status, 200);
        const auto queued = f.call("POST", u"/v1/acquire"_s, acquireBody(u"carol"_s), app);
        QCOMPARE(queued.status, 202);
        const QString ticket = queued.text("requestId"_L1); // the seed reads requestId,
        QCOMPARE(queued.number("position"_L1), 1);          // position and estimatedWait
        QVERIFY(queued.json.value("estimatedWait"_L1).isDouble());
        const auto later = f.call("POST", u"/v1/acquire"_s, acquireBody(u"dave"_s), app);
        QCOMPARE(later.number("position"_L1), 2);

        WebSocketClient carol;
        QVERIFY(carol.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        carol.send(subscribe(queued));
        QJsonObject update = carol.next();
        QCOMPARE(update.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(update.value("position"_L1).toInt(), 1);
        WebSocketClient dave;
        QVERIFY(dave.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        dave.send(subscribe(later));
        QCOMPARE(dave.next().value("position"_L1).toInt(), 2);

        QCOMPARE(f.call("POST", u"/v1/requests/"_s + first.text("lease_id"_L1) + u"/release"_s,
                        R"({"input_tokens": 150, "output_tokens": 80})", app)
                     .status,
                 200);
        f.advance(5); // the status messages' coalescing (ticketCoalesceMs)
        QCOMPARE(carol.next().value("type"_L1).toString(), u"processing"_s);
        update = dave.next();
        QCOMPARE(update.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(update.value("position"_L1).toInt(), 1); // counting down

        QCOMPARE(f.call("POST", u"/v1/requests/"_s + ticket + u"/release"_s, {}, app).status, 200);
        update = carol.next();
        QCOMPARE(update.value("type"_L1).toString(), u"completed"_s);
        QCOMPARE(update.value("requestId"_L1).toString(), ticket);
        QCOMPARE(dave.next().value("type"_L1).toString(), u"processing"_s);
    }

    void userLimitExceeded()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray app = f.createKey(Role::Client);
        for (int i = 0; i < 10; ++i) {
            const auto granted = f.call("POST", u"/v1/acquire"_s, acquireBody(u"free-user"_s), app);
            QCOMPARE(granted.status, 200);
            QCOMPARE(granted.header("x-ratelimit-remaining"), QByteArray::number(9 - i));
            QCOMPARE(
                f.call("DELETE", u"/v1/requests/"_s + granted.text("requestId"_L1), {}, app).status,
                200);
        }
        const auto over = f.call("POST", u"/v1/acquire"_s, acquireBody(u"free-user"_s), app);
        QCOMPARE(over.status, 429);
        QCOMPARE(over.text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        QCOMPARE(over.text("message"_L1), u"Daily limit of 10 requests reached"_s);
        QCOMPARE(over.text("resetTime"_L1), u"2026-01-02T00:00:00Z"_s);
        QCOMPARE(over.header("retry-after"), QByteArray("50400")); // 10:00 -> midnight UTC
        QCOMPARE(over.number("retryAfter"_L1), 50400);
    }

    void queueFull()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray app = f.createKey(Role::Client);
        for (int i = 0; i < 7; ++i) // 2 slots, 5 places in the queue
            QVERIFY(f.call("POST", u"/v1/acquire"_s, acquireBody(u"u%1"_s.arg(i)), app).status <
                    300);
        const auto full = f.call("POST", u"/v1/acquire"_s, acquireBody(u"u7"_s), app);
        QCOMPARE(full.status, 429);
        QCOMPARE(full.text("error"_L1), u"QUEUE_FULL"_s);
        QVERIFY(full.header("retry-after").toInt() >= 1);
        QVERIFY(full.number("retryAfter"_L1) >= 1);
    }

    void rateLimitedWhenNotWaiting()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray app = f.createKey(Role::Client);
        f.call("POST", u"/v1/acquire"_s, acquireBody(u"a"_s), app);
        f.call("POST", u"/v1/acquire"_s, acquireBody(u"b"_s), app);
        const auto limited = f.call("POST", u"/v1/acquire"_s, acquireBody(u"c"_s, false), app);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.text("error"_L1), u"RATE_LIMITED"_s);
        QVERIFY(limited.header("retry-after").toInt() >= 1);
    }

    void drainLetsWaitingClientsFinish()
    {
        GatewayFixture f;
        QVERIFY(f.start(quick(f)));
        const QByteArray app = f.createKey(Role::Client);
        const QByteArray ops = f.createKey(Role::Operator, u"ops"_s);
        const QString lease =
            f.call("POST", u"/v1/acquire"_s, acquireBody(u"a"_s), app).text("requestId"_L1);
        f.call("POST", u"/v1/acquire"_s, acquireBody(u"b"_s), app);
        const auto ticket = f.call("POST", u"/v1/acquire"_s, acquireBody(u"c"_s), app);
        WebSocketClient waiting;
        QVERIFY(waiting.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        waiting.send(subscribe(ticket));
        QCOMPARE(waiting.next().value("type"_L1).toString(), u"status"_s);

        const auto drain = f.call("POST", u"/v1/pools/llm/drain"_s, {}, ops);
        QCOMPARE(drain.status, 200);
        QCOMPARE(drain.json.value("pool"_L1).toObject().value("mode"_L1).toString(), u"draining"_s);
        QCOMPARE(drain.json.value("pool"_L1).toObject().value("drain_remaining"_L1).toInt(), 3);
        const auto refused = f.call("POST", u"/v1/acquire"_s, acquireBody(u"d"_s), app);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.text("error"_L1), u"POOL_DRAINING"_s);

        f.call("POST", u"/v1/requests/"_s + lease + u"/release"_s, {}, app);
        QCOMPARE(waiting.next().value("type"_L1).toString(),
                 u"processing"_s); // queued ones still run
        const auto pool = f.call("GET", u"/v1/pools/llm"_s, {}, ops);
        QCOMPARE(pool.number("drain_remaining"_L1), 2);
    }

    void queueTimeoutReachesTheClient()
    {
        GatewayFixture f;
        QVERIFY(f.start(quick(f)));
        const QByteArray app = f.createKey(Role::Client);
        f.call("POST", u"/v1/acquire"_s, acquireBody(u"a"_s), app);
        f.call("POST", u"/v1/acquire"_s, acquireBody(u"b"_s), app);
        const auto ticket = f.call("POST", u"/v1/acquire"_s, acquireBody(u"c"_s), app);
        WebSocketClient waiting;
        QVERIFY(waiting.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        waiting.send(subscribe(ticket));
        QCOMPARE(waiting.next().value("type"_L1).toString(), u"status"_s);
        f.advance(10'000); // the pool's queue timeout, on the injected clock
        const QJsonObject failed = waiting.next();
        QCOMPARE(failed.value("type"_L1).toString(), u"failed"_s);
        QCOMPARE(failed.value("error"_L1).toString(), u"TIMEOUT"_s);
        const auto status =
            f.call("GET", u"/v1/requests/"_s + ticket.text("requestId"_L1), {}, app);
        QCOMPARE(status.text("state"_L1), u"failed"_s);
        QCOMPARE(status.text("error"_L1), u"TIMEOUT"_s);
    }
};

QTEST_GUILESS_MAIN(TestClientFlow)
#include "tst_clientflow.moc"
