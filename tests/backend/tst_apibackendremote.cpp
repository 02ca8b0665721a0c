#include "AwaitResult.h"
#include "GatewayFixture.h"

#include "WebSocketHub.h"
#include "backend/ApiBackend.h"
#include "protocol/WireDashboard.h"
#include "remote/RemoteTransport.h"
#include "util/ManualClock.h"
#include "util/Scheduler.h"

#include <QSignalSpy>
#include <QTcpServer>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::awaitResult;
using sluice::test::GatewayFixture;

/// ApiBackend over RemoteTransport against a real gateway on 127.0.0.1 (HTTP and the
/// dashboard WebSocket): connection, role, stream, resync after a gap, reconnection with
/// backoff after the gateway restarts on the same port, heartbeat, refused keys.
/// Time is a ManualClock (the gateway's, when there is one) that the tests advance: the
/// transport's retries and heartbeats, and the gateway's WebSocket timers, run on it.
class TestApiBackendRemote : public QObject
{
    Q_OBJECT

    struct Client
    {
        ManualClock *clock = nullptr;
        GatewayFixture *gateway = nullptr; ///< advanced with the client while it is running
        std::unique_ptr<Scheduler> timers;
        std::unique_ptr<RemoteTransport> transport;
        std::unique_ptr<ApiBackend> backend;

        bool waitFor(ConnectionState state, int ms = 10'000) const
        {
            return QTest::qWaitFor([&] { return backend->connectionState() == state; }, ms);
        }
        /// Moves the clock and runs what is due: the transport's timers, the gateway's.
        void advance(qint64 ms) const
        {
            clock->advance(ms);
            timers->advance();
            if (gateway && gateway->gateway)
                gateway->gateway->advance();
        }
        /// Runs the retry that is scheduled now; false if none is.
        bool runRetry() const
        {
            const int delay = transport->scheduledRetryMs();
            if (delay < 0)
                return false;
            advance(delay);
            return true;
        }
    };

    static RemoteSettings settings(quint16 port, const QByteArray &key)
    {
        RemoteSettings s;
        s.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
        s.apiKey = QString::fromLatin1(key);
        s.firstRetryMs = 50;
        s.retryFactor = 2;
        s.maxRetryMs = 400;
        s.unreachableAfter = 2;
        s.requestTimeoutMs = 5000;
        return s;
    }

    static Client connect(const RemoteSettings &s, ManualClock &clock,
                          GatewayFixture *gateway = nullptr)
    {
        Client c;
        c.clock = &clock;
        c.gateway = gateway;
        c.timers = std::make_unique<Scheduler>(clock, false);
        c.transport = std::make_unique<RemoteTransport>(s, *c.timers);
        c.backend = std::make_unique<ApiBackend>(*c.transport, u"Remote"_s, clock);
        return c;
    }

    static GatewayOptions quickOptions(GatewayFixture &f)
    {
        GatewayOptions o = f.options();
        o.authThrottle = {1, 2, 60'000, 100};
        return o;
    }

    static void fill(GatewayFixture &f, int requests)
    {
        for (int i = 0; i < requests; ++i) {
            AcquireRequest r;
            r.pool = u"llm"_s;
            r.user = u"u%1"_s.arg(i);
            f.engine().acquire(r);
        }
    }

private slots:
    void connectsWithTheRoleOfItsKey_data()
    {
        QTest::addColumn<int>("role");
        QTest::newRow("support") << int(Role::Support);
        QTest::newRow("operator") << int(Role::Operator);
        QTest::newRow("admin") << int(Role::Admin);
    }
    void connectsWithTheRoleOfItsKey()
    {
        QFETCH(int, role);
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        Client c = connect(settings(f.gateway->port(), f.createKey(Role(role))), f.clock, &f);
        QCOMPARE(c.backend->connectionState(), ConnectionState::Connecting);
        QSignalSpy states(c.backend.get(), &Backend::connectionStateChanged);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        QCOMPARE(c.backend->role(), Role(role));
        QVERIFY(
            QTest::qWaitFor([&] { return c.backend->follower().snapshotsApplied() == 1; }, 10'000));
        QCOMPARE(c.backend->snapshot().pools.first().name, u"llm"_s);
        QCOMPARE(states.size(), 1);
        QVERIFY(c.transport->problem().isEmpty());
    }

    void callsGoOverHttp()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        Client c = connect(settings(f.gateway->port(), f.createKey(Role::Admin)), f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        fill(f, 5);
        const auto queue = awaitResult<QList<RequestInfo>>(
            [&](auto done) { c.backend->queue(u"llm"_s, 0, 10, done); });
        QVERIFY2(queue.ok(), qPrintable(queue.error().message));
        QCOMPARE(queue->size(), 3);
        QCOMPARE(queue->first().user, u"u2"_s);

        const auto purge = awaitResult<qint64>(
            [&](auto done) { c.backend->poolAction(u"llm"_s, PoolAction::Purge, done); });
        QVERIFY2(purge.ok(), qPrintable(purge.error().message));
        QCOMPARE(*purge, qint64(3));
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->waiting, qint64(0));

        const auto config =
            awaitResult<VersionedConfig>([&](auto done) { c.backend->config(done); });
        QVERIFY(config.ok());
        EngineConfig bad = config->config;
        bad.pools.first().maxConcurrent = 0;
        const auto rejected = awaitResult<ConfigApplied>(
            [&](auto done) { c.backend->applyConfig(bad, 0, {}, done); });
        QCOMPARE(rejected.error().code, u"VALIDATION_FAILED"_s);
        QCOMPARE(rejected.error().fields.size(), 1);
        QCOMPARE(rejected.error().fields.first().field, u"pools.llm.max_concurrent"_s);

        const auto user =
            awaitResult<UserDetails>([&](auto done) { c.backend->userDetails(u"u0"_s, done); });
        QCOMPARE(user->quota.requestsToday, qint64(1));
        const auto audit =
            awaitResult<QList<AuditEntry>>([&](auto done) { c.backend->audit({}, done); });
        QCOMPARE(audit->first().action, u"pool.purge"_s);
        QCOMPARE(audit->first().actor, u"key-4"_s);

        // The base version travels as If-Match over HTTP: a change from an older version is
        // refused, and the limit another admin set stays.
        EngineConfig theirs = config->config;
        theirs.pools.first().maxConcurrent = 4;
        QVERIFY(f.gateway->runtime().configVersions().apply(theirs, u"bob"_s).ok());
        EngineConfig ours = config->config;
        ours.pools.first().requestsPerMinute = 11;
        const auto conflict = awaitResult<ConfigApplied>(
            [&](auto done) { c.backend->applyConfig(ours, config->version, {}, done); });
        QCOMPARE(conflict.error().code, u"CONFIG_CONFLICT"_s);
        QCOMPARE(f.engine().config().pools.first().maxConcurrent, 4);
    }

    void supportKeyIsRefusedWhatNeedsAdmin()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        Client c = connect(settings(f.gateway->port(), f.createKey(Role::Support)), f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        const auto config =
            awaitResult<VersionedConfig>([&](auto done) { c.backend->config(done); });
        QVERIFY(config.ok()); // limits are readable, the webhook URL is not
        QVERIFY(config->config.alertWebhookUrl.isEmpty());
        const auto audit =
            awaitResult<QList<AuditEntry>>([&](auto done) { c.backend->audit({}, done); });
        QCOMPARE(audit.error().code, u"FORBIDDEN"_s);
        QVERIFY(audit.error().message.contains(u"admin"_s));
        QCOMPARE(c.backend->connectionState(), ConnectionState::Connected);
    }

    void streamFollowsTheEngine()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        Client c = connect(settings(f.gateway->port(), f.createKey(Role::Support)), f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        QVERIFY(
            QTest::qWaitFor([&] { return c.backend->follower().snapshotsApplied() == 1; }, 10'000));
        fill(f, 4);
        c.advance(100); // the stream's coalescing (dashboardIntervalMs)
        QVERIFY(QTest::qWaitFor([&] { return c.backend->snapshot().pools.first().waiting == 2; },
                                10'000));
        QCOMPARE(c.backend->snapshot().pools.first().inUse, 2);
        QVERIFY(c.backend->follower().deltasApplied() >= 1);
        QCOMPARE(c.backend->follower().gaps(), quint64(0));
    }

    void gapAsksForASnapshotOverTheSocket()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        Client c = connect(settings(f.gateway->port(), f.createKey(Role::Support)), f.clock, &f);
        QVERIFY(
            QTest::qWaitFor([&] { return c.backend->follower().snapshotsApplied() == 1; }, 10'000));
        const DashboardSnapshot before = c.backend->snapshot();
        DashboardSnapshot skipped = before;
        skipped.seq = before.seq + 3;
        skipped.pools.first().waiting = 77;
        emit f.gateway->api().dashboard().published(*dashboardDelta(before, skipped));
        QVERIFY(
            QTest::qWaitFor([&] { return c.backend->follower().snapshotsApplied() == 2; }, 10'000));
        QCOMPARE(c.backend->follower().gaps(), quint64(1));
        QCOMPARE(c.backend->snapshot().pools.first().waiting, qint64(0));
        fill(f, 3);
        c.advance(100);
        QVERIFY(QTest::qWaitFor([&] { return c.backend->snapshot().pools.first().waiting == 1; },
                                10'000));
    }

    void reconnectsWithBackoffAfterARestart()
    {
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        const quint16 port = f.gateway->port();
        Client c = connect(settings(port, f.createKey(Role::Operator)), f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        QSignalSpy retries(c.transport.get(), &RemoteTransport::retryScheduled);

        f.gateway.reset();
        QVERIFY(c.waitFor(ConnectionState::Reconnecting));
        for (qsizetype failed = 1; failed < 4; ++failed) {
            QVERIFY(QTest::qWaitFor([&] { return retries.size() == failed; }, 10'000));
            QVERIFY(c.runRetry());
        }
        QVERIFY(QTest::qWaitFor([&] { return retries.size() >= 4; }, 10'000));
        QCOMPARE(c.backend->connectionState(), ConnectionState::Unreachable);
        QList<int> delays;
        for (const QList<QVariant> &retry : std::as_const(retries))
            delays << retry.at(0).toInt();
        QVERIFY2(delays.at(1) > delays.at(0) && delays.at(2) > delays.at(1),
                 qPrintable(QDebug::toString(delays)));
        QVERIFY(delays.last() <= 400);
        QVERIFY(!c.transport->problem().isEmpty());

        GatewayOptions again = quickOptions(f);
        again.http.port = port;
        QVERIFY(f.start(again));
        QVERIFY(c.runRetry());
        QVERIFY(c.waitFor(ConnectionState::Connected));
        QCOMPARE(c.backend->role(), Role::Operator);
        QCOMPARE(c.transport->failedAttempts(), 0);
        QVERIFY(
            QTest::qWaitFor([&] { return c.backend->follower().snapshotsApplied() == 2; }, 10'000));
        fill(f, 3);
        c.advance(100);
        QVERIFY(QTest::qWaitFor([&] { return c.backend->snapshot().pools.first().waiting == 1; },
                                10'000));
    }

    void unreachableFromTheStartKeepsTrying()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        ManualClock clock;
        Client c = connect(settings(port, "sk_whatever"), clock);
        QSignalSpy retries(c.transport.get(), &RemoteTransport::retryScheduled);
        QVERIFY(c.waitFor(ConnectionState::Unreachable));
        QVERIFY(c.runRetry());
        QVERIFY(QTest::qWaitFor([&] { return retries.size() >= 2; }, 10'000));
        const auto call = awaitResult<AlertLists>([&](auto done) { c.backend->alerts(done); });
        QCOMPARE(call.error().code, u"UNREACHABLE"_s);
        QVERIFY(call.error().message.contains(u"127.0.0.1"_s));
    }

    void refusedKeysAreAuthFailed_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("why");
        QTest::newRow("unknown key")
            << QByteArray("sk_000000000000_bad") << u"refused the API key"_s;
        QTest::newRow("client key") << QByteArray("client") << u"role is client"_s;
    }
    void refusedKeysAreAuthFailed()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, why);
        GatewayFixture f;
        QVERIFY(f.start(quickOptions(f)));
        if (key == "client")
            key = f.createKey(Role::Client);
        Client c = connect(settings(f.gateway->port(), key), f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::AuthFailed));
        QVERIFY2(c.transport->problem().contains(why), qPrintable(c.transport->problem()));
        QCOMPARE(c.transport->scheduledRetryMs(), -1);
        QCOMPARE(c.backend->role(), Role::None);
        c.advance(60'000); // far beyond any retry (maxRetryMs is 400)
        QCOMPARE(c.backend->connectionState(), ConnectionState::AuthFailed);
        QCOMPARE(f.gateway->webSockets().openSessions(), 0);
    }

    void heartbeatKeepsAnIdleStreamOpen()
    {
        GatewayFixture f;
        GatewayOptions o = quickOptions(f);
        o.webSockets.idleTimeoutMs = 400;
        QVERIFY(f.start(o));
        RemoteSettings s = settings(f.gateway->port(), f.createKey(Role::Support));
        s.heartbeatMs = 100;
        Client c = connect(s, f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        QSignalSpy states(c.backend.get(), &Backend::connectionStateChanged);
        for (int step = 0; step < 15; ++step) { // 1.5 s, nearly four idle timeouts
            c.advance(100);
            QVERIFY2(
                QTest::qWaitFor([&] { return c.transport->lastHeard() == f.clock.now(); }, 10'000),
                "no pong for the heartbeat's ping");
        }
        QVERIFY2(states.isEmpty(), "the stream was dropped although pings were sent");
        QCOMPARE(f.gateway->webSockets().openSessions(), 1);
    }

    void withoutHeartbeatTheGatewayClosesAnIdleStream()
    {
        GatewayFixture f;
        GatewayOptions o = quickOptions(f);
        o.webSockets.idleTimeoutMs = 300;
        QVERIFY(f.start(o));
        RemoteSettings s = settings(f.gateway->port(), f.createKey(Role::Support));
        s.heartbeatMs = 60'000;
        Client c = connect(s, f.clock, &f);
        QVERIFY(c.waitFor(ConnectionState::Connected));
        c.advance(300);
        QVERIFY(c.waitFor(ConnectionState::Reconnecting, 5000));
        QVERIFY(c.runRetry());
        QVERIFY(c.waitFor(ConnectionState::Connected));
    }
};

QTEST_GUILESS_MAIN(TestApiBackendRemote)
#include "tst_apibackendremote.moc"
