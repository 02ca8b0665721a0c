// Three gateways sharing one deployment through a real redis-server, and one of them
// restarted on its own store: the tickets and leases it restored are attached to Redis
// again. Its waiting ticket hears its grant, one granted while it was away is a lease at
// once, its lease's release frees the slot in Redis, and a ticket its client resumed on
// another replica meanwhile stays there.

#include "SharedReplicas.h"

#include "engine/Engine.h"
#include "shared/SharedAdmission.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedRestart : public SharedReplicasCase
{
    Q_OBJECT

    GatewayFixture::Answer get(int i, const QString &id)
    {
        return replica(i).call("GET", u"/v1/requests/%1"_s.arg(id), {}, keys(i));
    }

    qint64 queuedInRedis() { return redis().call({"HLEN", "{sl:test}:p:llm:tinfo"}).integer; }

    /// llm has 2 slots: alice holds one on replica 1, bob one on replica 0, and carol
    /// queues on replica 0. Returns {alice, bob, carol}.
    QStringList fillAndQueue()
    {
        const GatewayFixture::Answer alice = acquire(1, u"alice"_s);
        const GatewayFixture::Answer bob = acquire(0, u"bob"_s);
        const GatewayFixture::Answer carol = acquire(0, u"carol"_s);
        if (alice.status != 200 || bob.status != 200 || carol.status != 202)
            qWarning() << alice.body << bob.body << carol.body;
        return {alice.text("requestId"_L1), bob.text("requestId"_L1), carol.text("requestId"_L1)};
    }

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void aRestoredTicketHearsItsGrantAndARestoredLeaseFreesItsSlot()
    {
        const QStringList ids = fillAndQueue();
        QVERIFY(m_shared->restartReplica(0));
        QCOMPARE(get(0, ids[2]).text("state"_L1), u"waiting"_s);
        QVERIFY(waitFor([&] { return admission(0).tracked() == 2; })); // bob's and carol's

        // alice's slot, freed on replica 1, grants carol on the restarted replica 0.
        QCOMPARE(m_shared->release(1, ids[0]).status, 200);
        QVERIFY(waitFor([&] { return state(0, ids[2]) == u"active"_s; }));
        // bob's lease, restored, is released in Redis too: only carol's is left there.
        QCOMPARE(m_shared->release(0, ids[1]).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 1; }));
        QCOMPARE(m_shared->release(0, ids[2]).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 0; }));
    }

    void aTicketGrantedWhileItsReplicaWasAwayIsALeaseAtOnce()
    {
        const QStringList ids = fillAndQueue();
        GatewayOptions options = m_shared->started[0];
        replica(0).gateway.reset(); // replica 0 is away
        // alice's release grants carol in Redis; the event addressed to replica 0 is lost.
        QCOMPARE(m_shared->release(1, ids[0]).status, 200);
        QVERIFY(waitFor([&] { return queuedInRedis() == 0; }));
        QCOMPARE(sharedInUse(), 2);
        QVERIFY(replica(0).start(options));
        QVERIFY(waitFor([&] { return replica(0).gateway->sharedLink()->isReady(); }));
        QVERIFY(waitFor([&] { return state(0, ids[2]) == u"active"_s; }));
        QCOMPARE(m_shared->release(0, ids[2]).status, 200);
        QVERIFY(waitFor([&] { return sharedInUse() == 1; })); // bob's
    }

    /// Ended on the restarted replica before Redis answered it: Redis hears each end once
    /// the request is found again, so no slot stays held and no ticket stays queued there.
    void endsBeforeTheRequestsAreFoundAgainReachRedis()
    {
        const QStringList ids = fillAndQueue();
        GatewayOptions options = m_shared->started[0];
        replica(0).gateway.reset();
        QVERIFY(replica(0).start(options)); // nothing ran on the event loop: not ready yet
        QVERIFY(!replica(0).gateway->sharedLink()->isReady());
        std::optional<Result<Done>> released;
        std::optional<Result<Done>> cancelled;
        admission(0).release(parsePublicRequestId(ids[1])->id, Usage{},
                             [&](const Result<Done> &result) { released = result; });
        admission(0).cancel(parsePublicRequestId(ids[2])->id,
                            [&](const Result<Done> &result) { cancelled = result; });
        QVERIFY(released && released->ok());
        QVERIFY(cancelled && cancelled->ok());
        QVERIFY(waitFor([&] { return sharedInUse() == 1 && queuedInRedis() == 0; })); // alice's
        QCOMPARE(admission(0).tracked(), 0);
    }

    void aTicketResumedElsewhereMeanwhileStaysThere()
    {
        const QStringList ids = fillAndQueue();
        GatewayOptions options = m_shared->started[0];
        replica(0).gateway.reset();
        // carol's client reaches replica 2, which takes her ticket over.
        QCOMPARE(get(2, ids[2]).text("state"_L1), u"waiting"_s);
        QVERIFY(replica(0).start(options));
        QVERIFY(waitFor([&] { return replica(0).gateway->sharedLink()->isReady(); }));
        // Replica 0 ends its restored copy (MOVED) instead of taking it back. (Its client
        // asking replica 0 again would move it back: that is resuming, not this.)
        const std::optional<PublicRequestId> carol = parsePublicRequestId(ids[2]);
        QVERIFY(carol);
        QVERIFY(waitFor([&] { return !replica(0).engine().request(carol->id); }));
        QCOMPARE(admission(0).tracked(), 1); // bob's lease
        const RedisReply tickets = redis().call({"HVALS", "{sl:test}:p:llm:tinfo"});
        QCOMPARE(tickets.elements.size(), 1);
        QVERIFY2(tickets.elements.at(0).text.contains("\"o\":\"replica-2\""),
                 tickets.elements.at(0).text.constData());
        QCOMPARE(m_shared->release(1, ids[0]).status, 200);
        QVERIFY(waitFor([&] { return state(2, ids[2]) == u"active"_s; }));
    }

    /// Without --replica, a replica's name is the default of its first start (host and port),
    /// kept in its store: restarted on a host with another name (a new container), it still
    /// finds its tickets in Redis.
    void anUnnamedReplicaKeepsItsFirstNameAcrossRestarts()
    {
        GatewayOptions options = m_shared->started[0];
        options.shared->replica = u"host-a:8787"_s;
        options.shared->replicaGiven = false;
        const auto restartAs = [&](const QString &name, bool given) {
            replica(0).gateway.reset();
            options.shared->replica = name;
            options.shared->replicaGiven = given;
            return replica(0).start(options) &&
                   waitFor([&] { return replica(0).gateway->sharedLink()->isReady(); });
        };
        QVERIFY(restartAs(u"host-a:8787"_s, false));
        QCOMPARE(replica(0).gateway->sharedLink()->options().replica, u"host-a:8787"_s);
        const GatewayFixture::Answer alice = acquire(0, u"alice"_s);
        const GatewayFixture::Answer bob = acquire(0, u"bob"_s);
        const GatewayFixture::Answer carol = acquire(0, u"carol"_s);
        QCOMPARE(carol.status, 202);

        QVERIFY(restartAs(u"host-b:8787"_s, false));
        QCOMPARE(replica(0).gateway->sharedLink()->options().replica, u"host-a:8787"_s);
        QVERIFY(waitFor([&] { return admission(0).tracked() == 3; })); // found again in Redis
        QCOMPARE(m_shared->release(0, alice.text("requestId"_L1)).status, 200);
        QVERIFY(waitFor([&] { return state(0, carol.text("requestId"_L1)) == u"active"_s; }));

        QVERIFY(restartAs(u"explicit"_s, true)); // a name given is the name
        QCOMPARE(replica(0).gateway->sharedLink()->options().replica, u"explicit"_s);
    }
};

QTEST_MAIN(TestSharedRestart)
#include "tst_sharedrestart.moc"
