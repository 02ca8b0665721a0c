#include "GatewayFixture.h"
#include "WebSocketClient.h"

#include "WebSocketHub.h"

#include "engine/Engine.h"
#include "protocol/WireDashboard.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

GatewayOptions quickOptions(const GatewayFixture &f)
{
    GatewayOptions o = f.options();
    o.ticketCoalesceMs = 5;
    o.dashboardIntervalMs = 5;
    return o;
}

/// The upgrades the hub refused and holds until their close (sessions are not among them).
QList<QWebSocket *> refusedSockets(GatewayFixture &f)
{
    return f.gateway->webSockets().findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly);
}

QString acquire(GatewayFixture &f, const QByteArray &key, const QString &user)
{
    return f
        .call("POST", u"/v1/acquire"_s,
              QJsonDocument(QJsonObject{{u"pool"_s, u"llm"_s}, {u"user"_s, user}}).toJson(), key)
        .text("requestId"_L1);
}

void release(GatewayFixture &f, const QByteArray &key, const QString &id)
{
    QCOMPARE(f.call("POST", u"/v1/requests/"_s + id + u"/release"_s, {}, key).status, 200);
}

QJsonObject subscribeMessage(const QString &id, const QString &token = {})
{
    QJsonObject message{{u"type"_s, u"subscribe"_s}, {u"requestId"_s, id}};
    if (!token.isEmpty())
        message.insert(u"token"_s, token);
    return message;
}

/// The answer to a subscription, without the id it names.
QJsonObject withoutId(QJsonObject message)
{
    message.remove(u"requestId"_s);
    message.remove(u"message"_s);
    return message;
}

} // namespace

class TestWebSockets : public QObject
{
    Q_OBJECT

private slots:
    void ticketStatusCountsDown()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const QByteArray key = f.createKey(Role::Client);
        const QString a = acquire(f, key, u"a"_s);
        const QString b = acquire(f, key, u"b"_s);
        const QString c = acquire(f, key, u"c"_s);
        const QString d = acquire(f, key, u"d"_s);
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s), key));
        client.send(subscribeMessage(d));
        QJsonObject message = client.next();
        QCOMPARE(message.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(message.value("requestId"_L1).toString(), d);
        QCOMPARE(message.value("position"_L1).toInt(), 2);
        QVERIFY(message.contains("estimatedWait"_L1));
        QCOMPARE(message.value("protocol"_L1).toInt(), 1);

        release(f, key, a); // c is granted, d moves up
        f.advance(5);       // the status messages' coalescing (ticketCoalesceMs)
        message = client.next();
        QCOMPARE(message.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(message.value("position"_L1).toInt(), 1);
        release(f, key, b);
        QCOMPARE(client.next().value("type"_L1).toString(), u"processing"_s);
        release(f, key, d);
        message = client.next();
        QCOMPARE(message.value("type"_L1).toString(), u"completed"_s);
        QCOMPARE(message.value("requestId"_L1).toString(), d);
        release(f, key, c);
        QCOMPARE(f.gateway->api().tickets().subscriptions(), 0);
    }

    void purgeReachesWaitingClients()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const QByteArray key = f.createKey(Role::Client);
        const QByteArray ops = f.createKey(Role::Operator);
        acquire(f, key, u"a"_s);
        acquire(f, key, u"b"_s);
        const QString waiting = acquire(f, key, u"c"_s);
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s), key));
        client.send(subscribeMessage(waiting));
        QCOMPARE(client.next().value("type"_L1).toString(), u"status"_s);
        const auto purge = f.call("POST", u"/v1/pools/llm/purge"_s, {}, ops);
        QCOMPARE(purge.status, 200);
        QCOMPARE(purge.number("purged"_L1), 1);
        const QJsonObject failed = client.next();
        QCOMPARE(failed.value("type"_L1).toString(), u"failed"_s);
        QCOMPARE(failed.value("error"_L1).toString(), u"QUEUE_PURGED"_s);
        client.send(subscribeMessage(waiting)); // after the end: the outcome, at once
        QCOMPARE(client.next().value("error"_L1).toString(), u"QUEUE_PURGED"_s);
    }

    void subscriptionsProveTheirRight()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const QByteArray a = f.createKey(Role::Client, u"app-a"_s);
        const QByteArray b = f.createKey(Role::Client, u"app-b"_s);
        acquire(f, a, u"x"_s);
        acquire(f, a, u"y"_s);
        const auto queued = f.call(
            "POST", u"/v1/acquire"_s,
            QJsonDocument(QJsonObject{{u"pool"_s, u"llm"_s}, {u"user"_s, u"z"_s}}).toJson(), a);
        QCOMPARE(queued.status, 202);
        const QString ticket = queued.text("requestId"_L1);
        const QString token = queued.text("subscribeToken"_L1);
        QCOMPARE(token.size(), 24);

        // No key on the upgrade (a browser): the id alone is not enough.
        WebSocketClient anonymous;
        QVERIFY(anonymous.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        anonymous.send(subscribeMessage(ticket));
        QJsonObject refused = anonymous.next();
        QCOMPARE(refused.value("error"_L1).toString(), u"SUBSCRIBE_TOKEN_REQUIRED"_s);
        QVERIFY(refused.value("message"_L1).toString().contains(u"subscribeToken"_s));
        // A wrong token is an unknown id.
        anonymous.send(subscribeMessage(u"ffff00000001"_s, token));
        const QJsonObject unknown = anonymous.next();
        QCOMPARE(unknown.value("error"_L1).toString(), u"UNKNOWN_REQUEST"_s);
        QString wrong = token;
        wrong.back() = wrong.back() == u'0' ? u'1' : u'0';
        anonymous.send(subscribeMessage(ticket, wrong));
        QCOMPARE(withoutId(anonymous.next()), withoutId(unknown));
        // The ticket's token is.
        anonymous.send(subscribeMessage(ticket, token));
        QJsonObject status = anonymous.next();
        QCOMPARE(status.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(status.value("requestId"_L1).toString(), ticket);

        // With a key on the upgrade: its own requests only.
        WebSocketClient other;
        QVERIFY(other.open(f.url(u"/v1/ws"_s, u"ws"_s), b));
        other.send(subscribeMessage(ticket));
        QCOMPARE(withoutId(other.next()), withoutId(unknown));
        other.send(subscribeMessage(ticket.section(u'-', 0, 0)));
        QCOMPARE(withoutId(other.next()), withoutId(unknown));
        WebSocketClient owner;
        QVERIFY(owner.open(f.url(u"/v1/ws"_s, u"ws"_s), a));
        owner.send(subscribeMessage(ticket));
        QCOMPARE(owner.next().value("type"_L1).toString(), u"status"_s);
        // A bad key on the upgrade is refused, after the bad-key delay.
        WebSocketClient guesser;
        QVERIFY(guesser.open(f.url(u"/v1/ws"_s, u"ws"_s), "sk_000000000000_guess"));
        QTRY_COMPARE_WITH_TIMEOUT(refusedSockets(f).size(), 1, WebSocketClient::kWaitMs);
        f.advance(AuthThrottle::Settings().baseDelayMs);
        QCOMPARE(guesser.waitClosed(), 4401);
    }

    void subscriptionsAreCappedPerConnection()
    {
        GatewayFixture f;
        GatewayOptions options = quickOptions(f);
        options.webSockets.maxSubscriptions = 2;
        QVERIFY(f.start(options));
        const QByteArray key = f.createKey(Role::Client);
        QStringList ids;
        for (const QString &user : {u"a"_s, u"b"_s, u"c"_s})
            ids.append(acquire(f, key, user));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s), key));
        client.send(subscribeMessage(ids[2]));
        QCOMPARE(client.next().value("type"_L1).toString(), u"status"_s);
        client.send(subscribeMessage(ids[1]));
        client.send(subscribeMessage(ids[0]));
        QCOMPARE(client.next().value("type"_L1).toString(), u"processing"_s);
        const QJsonObject over = client.next();
        QCOMPARE(over.value("error"_L1).toString(), u"TOO_MANY_SUBSCRIPTIONS"_s);
        QVERIFY(over.value("message"_L1).toString().contains(u"At most 2 subscriptions"_s));
        QCOMPARE(f.gateway->api().tickets().subscriptions(), 2);
    }

    void badMessagesAreAnswered()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        client.socket.sendTextMessage(u"not json"_s);
        QCOMPARE(client.next().value("error"_L1).toString(), u"INVALID_MESSAGE"_s);
        client.send(QJsonObject{{u"type"_s, u"dance"_s}});
        QVERIFY(client.next().value("message"_L1).toString().contains(u"dance"_s));
        client.send(QJsonObject{{u"type"_s, u"subscribe"_s}, {u"requestId"_s, 12}});
        QVERIFY(client.next().value("message"_L1).toString().contains(u"requestId"_s));
        client.send(subscribeMessage(u"abc123"_s));
        QCOMPARE(client.next().value("error"_L1).toString(), u"SUBSCRIBE_TOKEN_REQUIRED"_s);
        client.send(QJsonObject{{u"type"_s, u"ping"_s}});
        QCOMPARE(client.next().value("type"_L1).toString(), u"pong"_s);
    }

    void idleConnectionsClose()
    {
        GatewayFixture f;
        GatewayOptions o = quickOptions(f);
        o.webSockets.idleTimeoutMs = 300;
        QVERIFY(f.start(o));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        f.advance(299);
        QCOMPARE(f.gateway->webSockets().openSessions(), 1);
        f.advance(1);
        QCOMPARE(client.waitClosed(), int(QWebSocketProtocol::CloseCodeGoingAway));
        QVERIFY(client.socket.closeReason().contains(u"idle"_s));
    }

    void heartbeatIsAnswered()
    {
        GatewayFixture f;
        GatewayOptions o = quickOptions(f);
        o.webSockets.pingIntervalMs = 50;
        QVERIFY(f.start(o));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/ws"_s, u"ws"_s)));
        QSignalSpy pinged(&client.socket, &QWebSocket::pong);
        client.socket.ping();
        QVERIFY(pinged.wait(WebSocketClient::kWaitMs)); // heartbeats are answered both ways
        QCOMPARE(f.gateway->webSockets().openSessions(), 1);
    }

    void dashboardStreamNeedsSupport_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<int>("closeCode");
        QTest::newRow("no key") << int(Role::None) << 4401;
        QTest::newRow("client") << int(Role::Client) << 4403;
    }

    void dashboardStreamNeedsSupport()
    {
        QFETCH(int, role);
        QFETCH(int, closeCode);
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const QByteArray key = role == int(Role::None) ? QByteArray() : f.createKey(Role(role));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/dashboard/stream"_s, u"ws"_s), key));
        QCOMPARE(client.waitClosed(), closeCode);
        QVERIFY(client.messages.empty());
    }

    void dashboardStreamSendsSnapshotThenDeltas()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const QByteArray key = f.createKey(Role::Support);
        const QByteArray app = f.createKey(Role::Client);
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/dashboard/stream"_s, u"ws"_s), key));
        QList<FieldError> errors;
        DashboardSnapshot view = dashboardSnapshotFromJson(client.next(), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(view.pools.first().name, u"llm"_s);
        acquire(f, app, u"a"_s);
        acquire(f, app, u"b"_s);
        acquire(f, app, u"c"_s);
        f.advance(5); // the stream's coalescing (dashboardIntervalMs)
        while (view.pools.first().waiting < 1) {
            const QJsonObject delta = client.next();
            QVERIFY(!delta.isEmpty());
            QCOMPARE(applyDashboardDelta(view, delta, &errors), DeltaResult::Applied);
        }
        QCOMPARE(view.pools.first().inUse, 2);
        client.send(QJsonObject{{u"type"_s, u"snapshot"_s}});
        const QJsonObject again = client.next();
        QCOMPARE(again.value("type"_L1).toString(), u"snapshot"_s);
        QCOMPARE(quint64(again.value("seq"_L1).toInteger()), view.seq);
    }

    /// The bad-key delay is timed on the gateway's clock: the upgrade is held open until it
    /// has passed, then closed with 4401.
    void aBadKeyOnTheUpgradeIsClosedAfterTheDelay()
    {
        GatewayFixture f;
        GatewayOptions o = quickOptions(f);
        o.authThrottle.baseDelayMs = 300;
        QVERIFY(f.start(o));
        WebSocketClient guesser;
        QVERIFY(guesser.open(f.url(u"/v1/ws"_s, u"ws"_s), "sk_000000000000_guess"));
        QTRY_COMPARE_WITH_TIMEOUT(refusedSockets(f).size(), 1, WebSocketClient::kWaitMs);
        f.advance(299);
        QCOMPARE(refusedSockets(f).first()->state(), QAbstractSocket::ConnectedState);
        f.advance(1);
        QVERIFY(refusedSockets(f).isEmpty() ||
                refusedSockets(f).first()->state() != QAbstractSocket::ConnectedState);
        QCOMPARE(guesser.waitClosed(), 4401);
    }

    void unknownWebSocketPathIsRefused()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        WebSocketClient client;
        QVERIFY(client.open(f.url(u"/v1/nothing"_s, u"ws"_s)));
        QCOMPARE(client.waitClosed(), 4404);
    }

    void plainGetOnWebSocketRouteAsksForUpgrade()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const auto answer = f.call("GET", u"/v1/ws"_s);
        QCOMPARE(answer.status, 426);
        QCOMPARE(answer.text("error"_L1), u"UPGRADE_REQUIRED"_s);
    }
};

QTEST_GUILESS_MAIN(TestWebSockets)
#include "tst_websockets.moc"
