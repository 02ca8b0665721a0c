// Three real sluiced processes sharing one pool through a real redis-server, and a kill -9 of
// one of them: its lease comes back by expiry, a lease granted to its ticket after it died is
// never started and is refunded, the global queue's next ticket (on another replica) is
// granted, and a second release frees nothing. Time in Redis is the test's clock; the replicas'
// own upkeep (about once a second) does the rest, and the test waits for what it expects.

#include "GatewayFixture.h"
#include "RedisServer.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <array>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kRedisStart = 1'800'000'000'000;
constexpr qint64 kIdleMs = 30'000;

/// One sluiced process: its directory, client key and HTTP port.
struct Replica
{
    QTemporaryDir dir;
    QProcess process;
    QByteArray key;
    int port = 0;
};

} // namespace

class TestSharedKill : public QObject
{
    Q_OBJECT

    RedisServer m_redis;
    std::array<std::unique_ptr<Replica>, 3> m_replicas;
    QNetworkAccessManager m_network;

    bool startReplica(int i)
    {
        auto replica = std::make_unique<Replica>();
        QFile config(replica->dir.filePath(u"sluice.toml"_s));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write("default_tier = \"free\"\n"
                     "[pools.llm]\nmax_concurrent = 1\nqueue_timeout_ms = 600000\n"
                     "lease_idle_timeout_ms = " + QByteArray::number(kIdleMs) + "\n"
                     "[tiers.free]\ndaily_requests = 100\n");
        config.close();
        QProcess keys;
        keys.start(QStringLiteral(SLUICED_PATH), {u"keys"_s, u"create"_s, u"--role"_s, u"client"_s,
                                                  u"--name"_s, u"app"_s, u"--data-dir"_s,
                                                  replica->dir.path()});
        if (!keys.waitForFinished(30'000) || keys.exitCode() != 0)
            return false;
        replica->key = keys.readAllStandardOutput().split('\n').first().trimmed();
        replica->process.start(QStringLiteral(SLUICED_PATH),
                               {u"--config"_s, config.fileName(), u"--data-dir"_s,
                                replica->dir.path(), u"--listen"_s, u"127.0.0.1:0"_s,
                                u"--redis"_s, m_redis.url(),
                                u"--deployment"_s, u"test"_s, u"--replica"_s,
                                u"r%1"_s.arg(i)});
        // "sluiced listening on http://127.0.0.1:PORT" on stderr, then ready once Redis is.
        static const QRegularExpression listening(u"listening on http://127.0.0.1:(\\d+)"_s);
        QByteArray log;
        QDeadlineTimer deadline(30'000);
        while (replica->port == 0 && !deadline.hasExpired()
               && replica->process.state() != QProcess::NotRunning) {
            replica->process.waitForReadyRead(100);
            log += replica->process.readAllStandardError();
            if (const auto match = listening.match(QString::fromUtf8(log)); match.hasMatch())
                replica->port = match.captured(1).toInt();
        }
        if (replica->port == 0) {
            qWarning().noquote() << "sluiced r" << i << "did not start:" << log;
            return false;
        }
        m_replicas[size_t(i)] = std::move(replica);
        return waitFor([&] { return call(i, "GET", u"/readyz"_s).status == 200; });
    }

    GatewayFixture::Answer call(int i, const QByteArray &method, const QString &path,
                                const QByteArray &body = {})
    {
        QNetworkRequest request(
            QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_replicas[size_t(i)]->port).arg(path)));
        request.setRawHeader("X-API-Key", m_replicas[size_t(i)]->key);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return GatewayFixture::wait(m_network.sendCustomRequest(request, method, body));
    }

    GatewayFixture::Answer acquire(int i, const QString &user)
    {
        const QJsonObject body{{u"pool"_s, u"llm"_s}, {u"user"_s, user}, {u"wait"_s, true}};
        return call(i, "POST", u"/v1/acquire"_s, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    QString state(int i, const QString &id)
    {
        return call(i, "GET", u"/v1/requests/"_s + id).text("state"_L1);
    }

    /// Requests counted in `user`'s daily quota in Redis ("day|requests|tokens").
    qint64 quotaRequests(const QByteArray &user)
    {
        const QByteArray value = m_redis.call({"HGET", "{sl:test}:quota", user}).text;
        return value.split('|').value(1).toLongLong();
    }

    qint64 inUse() { return m_redis.call({"HGET", "{sl:test}:p:llm:st", "inuse"}).text.toLongLong(); }

    /// Waits for what the replicas' own upkeep (a real timer, about once a second) does.
    template<typename Predicate> static bool waitFor(Predicate done)
    {
        return GatewayFixture::waitFor(done, 20'000);
    }

private slots:
    void init()
    {
        QString error;
        QVERIFY2(m_redis.start(&error), qPrintable(error));
        m_redis.setTestClock(kRedisStart);
        for (int i = 0; i < 3; ++i)
            QVERIFY2(startReplica(i), qPrintable(u"replica %1"_s.arg(i)));
    }

    void cleanup()
    {
        for (auto &replica : m_replicas) {
            if (replica && replica->process.state() != QProcess::NotRunning) {
                replica->process.kill();
                replica->process.waitForFinished(5000);
            }
            replica.reset();
        }
        m_redis.stop();
    }

    void aKilledReplicasSlotsComeBackAndItsUnstartedLeaseIsRefunded()
    {
        // r0 holds the one slot (alice) and the queue's head (bob); carol waits on r1.
        QCOMPARE(acquire(0, u"alice"_s).status, 200);
        QCOMPARE(acquire(0, u"bob"_s).status, 202);
        const GatewayFixture::Answer carol = acquire(1, u"carol"_s);
        QCOMPARE(carol.status, 202);
        const QString carolId = carol.text("requestId"_L1);

        m_replicas[0]->process.kill(); // SIGKILL: no release, no goodbye
        QVERIFY(m_replicas[0]->process.waitForFinished(5000));

        // Past alice's idle timeout: a live replica's upkeep expires her lease (she started:
        // her request still counts) and grants bob, whose replica is dead.
        m_redis.setTestClock(kRedisStart + kIdleMs + 1000);
        QVERIFY(waitFor([&] {
            return m_redis.call({"HLEN", "{sl:test}:p:llm:linfo"}).integer == 1
                   && m_redis.call({"ZCARD", "{sl:test}:p:llm:q"}).integer == 1;
        }));
        QCOMPARE(quotaRequests("alice"), 1);
        QCOMPARE(quotaRequests("bob"), 1);
        QCOMPARE(state(1, carolId), u"waiting"_s);

        // Nobody heartbeats bob's lease: it expires never started, and is refunded; carol, on
        // r1, is granted and hears it.
        m_redis.setTestClock(kRedisStart + 2 * (kIdleMs + 1000));
        QVERIFY(waitFor([&] { return state(1, carolId) == u"active"_s; }));
        QCOMPARE(quotaRequests("bob"), 0);
        QCOMPARE(quotaRequests("alice"), 1);
        QCOMPARE(inUse(), 1);

        // A second release is refused here (404) and frees nothing more; Redis's own sl_release
        // of an ended lease is a no-op too (tst_redisqueue::doubleReleaseIsANoOp).
        const QString release = u"/v1/requests/%1/release"_s.arg(carolId);
        QCOMPARE(call(1, "POST", release, "{}").status, 200);
        const GatewayFixture::Answer again = call(1, "POST", release, "{}");
        QCOMPARE(again.status, 404);
        QVERIFY(waitFor([&] { return inUse() == 0; }));
        QCOMPARE(acquire(2, u"dave"_s).status, 200);
        QCOMPARE(inUse(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSharedKill)
#include "tst_sharedkill.moc"
