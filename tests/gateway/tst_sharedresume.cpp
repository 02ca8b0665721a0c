// Three gateways sharing one deployment through a real redis-server: a client resumes its
// ticket on whichever replica it reaches next, by the id it was given (SPEC: "clients resume
// by ticket id"), with no sticky sessions: the replica it asks claims the ticket, its grant
// comes there, and the previous one forgets it (MOVED), so that going back works too.

#include "SharedReplicas.h"
#include "WebSocketClient.h"

#include "engine/Engine.h"

#include <QCryptographicHash>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedResume : public SharedReplicasCase
{
    Q_OBJECT

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void aTicketIsResumedOnAnotherReplicaAndGrantedThere()
    {
        // llm has 2 slots: alice and bob hold them on replica 0, and carol queues there.
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        QCOMPARE(alice.status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 200);
        const QString carol = queueCarol(0);

        // Her client's next call reaches replica 1.
        const GatewayFixture::Answer status = get(1, carol);
        QCOMPARE(status.status, 200);
        QCOMPARE(status.text("requestId"_L1), carol);
        QCOMPARE(status.text("state"_L1), u"waiting"_s);
        QCOMPARE(status.number("position"_L1), 1);
        QVERIFY(waitFor([&] { return !heldBy(0, carol); })); // replica 0 forgot it
        QCOMPARE(admission(1).tracked(), 1);

        // A slot freed on replica 0 grants her on replica 1, which she releases there.
        QCOMPARE(m_shared->release(0, alice.text("requestId"_L1)).status, 200);
        QVERIFY(waitFor([&] { return state(1, carol) == u"active"_s; }));
        QCOMPARE(m_shared->release(1, carol).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 1; })); // bob's
        QCOMPARE(get(1, carol).text("state"_L1), u"completed"_s); // by the id she knows
    }

    /// A lease heartbeated for longer than its handle's first lifetime keeps one: its
    /// replica renews it at half its lifetime (else neither a move nor a restart finds it).
    void aLongLeaseKeepsItsHandle()
    {
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        QCOMPARE(alice.status, 200);
        const QString id = alice.text("requestId"_L1);
        const QByteArray key =
            "{sl:test}:h:" + QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex();
        QVERIFY(redis().call({"PTTL", key}).integer > 90'000); // queue + idle timeouts + margin
        redis().call({"PEXPIRE", key, "5000"}); // as if its first lifetime were nearly over
        for (int i = 0; i < 3; ++i) { // a minute, heartbeated as a client does
            replica(0).advance(20'000);
            QCOMPARE(replica(0)
                         .call("POST", u"/v1/requests/%1/heartbeat"_s.arg(id), "{}", keys(0))
                         .text("state"_L1),
                     u"active"_s);
        }
        admission(0).upkeep();
        QVERIFY(waitFor([&] { return redis().call({"PTTL", key}).integer > 60'000; }));
    }

    /// Two calls through a load balancer without sticky sessions: acquire on one replica,
    /// heartbeat and release on others.
    void aLeaseIsReleasedThroughAnotherReplica()
    {
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        QCOMPARE(alice.status, 200);
        const QString id = alice.text("requestId"_L1);
        QCOMPARE(replica(2).call("POST", u"/v1/requests/%1/heartbeat"_s.arg(id), "{}", keys(2))
                     .text("state"_L1),
                 u"active"_s);
        QCOMPARE(m_shared->release(1, id).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 0; }));
        QVERIFY(!heldBy(0, id));
        QCOMPARE(m_shared->release(1, id).status, 404); // once, as on one gateway
    }

    void aClientGoingBackResumesItBack()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        const GatewayFixture::Answer bob = acquire(0, u"bob"_s);
        const QString carol = queueCarol(0);
        QCOMPARE(get(1, carol).text("state"_L1), u"waiting"_s);
        QCOMPARE(get(0, carol).text("state"_L1), u"waiting"_s); // back to replica 0
        QVERIFY(waitFor([&] { return admission(1).tracked() == 0; }));
        QVERIFY(heldBy(0, carol) || admission(0).tracked() == 3);
        QCOMPARE(m_shared->release(0, bob.text("requestId"_L1)).status, 200);
        QVERIFY(waitFor([&] { return state(0, carol) == u"active"_s; }));
        QCOMPARE(sharedInUse(), 2);
    }

    void aDeadReplicasTicketIsResumed()
    {
        const GatewayFixture::Answer alice = acquire(2, u"alice"_s);
        QCOMPARE(acquire(2, u"bob"_s).status, 200);
        const QString carol = queueCarol(0);
        m_shared->replicas[0].reset(); // replica 0 is gone; its ticket waits in Redis
        QCOMPARE(get(1, carol).text("state"_L1), u"waiting"_s);
        QCOMPARE(m_shared->release(2, alice.text("requestId"_L1)).status, 200);
        QVERIFY(waitFor([&] { return state(1, carol) == u"active"_s; }));
    }

    void aResumedTicketIsCancelledWhereItWasResumed()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 200);
        const QString carol = queueCarol(0);
        const GatewayFixture::Answer cancelled =
            replica(2).call("DELETE", u"/v1/requests/%1"_s.arg(carol), {}, keys(2));
        QCOMPARE(cancelled.status, 200);
        QVERIFY(waitFor([&] { return queued() == 0; }));
        QVERIFY(waitFor([&] { return !heldBy(0, carol); }));
    }

    void aBrowserFollowsItsTicketOnAnotherReplicaWithItsToken()
    {
        const GatewayFixture::Answer alice = acquire(2, u"alice"_s);
        QCOMPARE(acquire(2, u"bob"_s).status, 200);
        const GatewayFixture::Answer carol = acquire(0, u"carol"_s);
        QCOMPARE(carol.status, 202);
        const QString id = carol.text("requestId"_L1);
        const QString token = carol.text("subscribeToken"_L1);
        m_shared->replicas[0].reset(); // the browser's replica is gone: it reconnects to 1

        WebSocketClient browser;
        QVERIFY(browser.open(replica(1).url(u"/v1/ws"_s, u"ws"_s)));
        QString wrong = token;
        wrong.back() = wrong.back() == u'0' ? u'1' : u'0';
        browser.send(subscription(id, wrong));
        QCOMPARE(browser.next().value("error"_L1).toString(), u"UNKNOWN_REQUEST"_s);
        browser.send(subscription(id, token));
        const QJsonObject status = browser.next();
        QCOMPARE(status.value("type"_L1).toString(), u"status"_s);
        QCOMPARE(status.value("requestId"_L1).toString(), id);

        QCOMPARE(m_shared->release(2, alice.text("requestId"_L1)).status, 200);
        QJsonObject update;
        do
            update = browser.next();
        while (update.value("type"_L1).toString() == u"status"_s);
        QCOMPARE(update.value("type"_L1).toString(), u"processing"_s);
        // The application's client key on replica 1 takes it over (the token names no key).
        QCOMPARE(m_shared->release(1, id).status, 200);
    }

    /// While Redis is out, a replica cannot know whether another holds the request: it says
    /// so (503, retry) rather than that the request does not exist.
    void anIdUnknownHereWhileRedisIsOutIsUnavailableNotUnknown()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 200);
        const QString carol = queueCarol(0);
        redis().stop();
        QVERIFY(waitFor([&] { return !replica(1).gateway->sharedLink()->isReady(); }));
        const GatewayFixture::Answer unavailable = get(1, carol);
        QCOMPARE(unavailable.status, 503);
        QCOMPARE(unavailable.text("error"_L1), u"REDIS_UNAVAILABLE"_s);
        QCOMPARE(unavailable.header("retry-after"), QByteArray("1"));
        QCOMPARE(get(0, carol).text("state"_L1), u"waiting"_s); // where it is, it answers
    }

    void onlyTheWholeIdOfAClientResumes()
    {
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 200);
        const QString carol = queueCarol(0);
        QString forged = carol;
        forged[forged.size() - 1] = forged.endsWith(u'0') ? u'1' : u'0';
        QCOMPARE(get(1, forged).status, 404);
        QCOMPARE(get(1, carol.section(u'-', 0, 0)).status, 404); // the compact part alone
        // Another application's client key (another name) cannot take it.
        const QByteArray other = replica(1).createKey(Role::Client, u"other-app"_s);
        QCOMPARE(replica(1).call("GET", u"/v1/requests/%1"_s.arg(carol), {}, other).status, 404);
        // Nor a WebSocket with a wrong token: checked before anything moves.
        WebSocketClient browser;
        QVERIFY(browser.open(replica(1).url(u"/v1/ws"_s, u"ws"_s)));
        browser.send(subscription(carol, u"0123456789abcdef01234567"_s));
        QCOMPARE(browser.next().value("error"_L1).toString(), u"UNKNOWN_REQUEST"_s);
        QVERIFY(heldBy(0, carol));
        // Staff see this replica's requests; they do not take another replica's.
        const QByteArray support = replica(1).createKey(Role::Support, u"support"_s);
        QCOMPARE(replica(1).call("GET", u"/v1/requests/%1"_s.arg(carol), {}, support).status, 404);
        QVERIFY(heldBy(0, carol));
        QCOMPARE(admission(1).tracked(), 0);
    }

private:
    QString queueCarol(int i)
    {
        const GatewayFixture::Answer carol = acquire(i, u"carol"_s);
        if (carol.status != 202)
            qWarning() << "carol was not queued:" << carol.status << carol.body;
        return carol.text("requestId"_L1);
    }

    GatewayFixture::Answer get(int i, const QString &id)
    {
        return replica(i).call("GET", u"/v1/requests/%1"_s.arg(id), {}, keys(i));
    }

    /// Replica `i`'s engine holds the request by the id it gave (not resumed from elsewhere).
    bool heldBy(int i, const QString &id)
    {
        const std::optional<PublicRequestId> named = parsePublicRequestId(id);
        return named && replica(i).engine().request(named->id).has_value();
    }

    static QJsonObject subscription(const QString &id, const QString &token)
    {
        return QJsonObject{{u"type"_s, u"subscribe"_s}, {u"requestId"_s, id}, {u"token"_s, token}};
    }

    qint64 queued()
    {
        return redis().call({"ZCARD", "{sl:test}:p:llm:q"}).integer +
               redis().call({"ZCARD", "{sl:test}:p:llm:park"}).integer;
    }
};

QTEST_GUILESS_MAIN(TestSharedResume)
#include "tst_sharedresume.moc"
