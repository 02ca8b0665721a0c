#include "RedisReplica.h"
#include "RedisServer.h"

#include "redis/RedisEventReader.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sluice;
using namespace sluice::test;

/// Events reach replicas through the stream: a slot freed on replica A grants the head
/// ticket that replica B holds, and B's reader hears it; a reader whose connection is
/// killed resumes from the last id it saw and misses nothing.
class TestRedisEvents : public QObject
{
    Q_OBJECT

    RedisServer m_server;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void init() { QCOMPARE(m_server.call({"FLUSHALL"}).text, QByteArray("OK")); }

    void grantOnOneReplicaReachesTheOwner()
    {
        RedisReplica a(m_server.url(), QStringLiteral("llm"));
        RedisReplica b(m_server.url(), QStringLiteral("llm"));
        QVERIFY(a.open() && b.open());
        RedisPoolLimits limits;
        limits.maxConcurrent = 1;
        limits.requestsPerMinute = 100;
        limits.tokensPerMinute = 100'000;
        limits.maxQueueLength = 10;
        QCOMPARE(a.configure(limits).status(), QStringLiteral("ok"));
        QCOMPARE(b.configure(limits).status(), QStringLiteral("ok"));

        RedisConnection readerConnection(*RedisUrl::parse(m_server.url()));
        RedisEventReader reader(readerConnection, RedisKeys(QStringLiteral("test")).events());
        QList<RedisEvent> heard;
        connect(&reader, &RedisEventReader::received, this,
                [&heard](const RedisEvent &e) { heard.append(e); });
        QSignalSpy up(&readerConnection, &RedisConnection::connected);
        readerConnection.open();
        reader.start();
        QVERIFY(up.wait(5000));

        RedisAdmitRequest first;
        first.requestId = "a1";
        first.user = QStringLiteral("ann");
        first.owner = QStringLiteral("replica-a");
        const QString lease = a.admit(first).id();
        RedisAdmitRequest second = first;
        second.requestId = "b1";
        second.owner = QStringLiteral("replica-b");
        const RedisAnswer ticket = b.admit(second);
        QCOMPARE(ticket.status(), QStringLiteral("queued"));
        QElapsedTimer latency;
        latency.start();
        a.release(lease);
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 1, 5000);
        qInfo() << "grant heard by the owner's reader after" << latency.elapsed() << "ms";
        QCOMPARE(heard.at(0).type, QStringLiteral("grant"));
        QCOMPARE(heard.at(0).id, ticket.id());
        QCOMPARE(heard.at(0).owner, QStringLiteral("replica-b"));
        QCOMPARE(heard.at(0).pool, QStringLiteral("llm"));
    }

    void resumesFromTheLastIdAfterAReconnect()
    {
        const QByteArray stream = RedisKeys(QStringLiteral("test")).events();
        RedisConnection connection(*RedisUrl::parse(m_server.url()));
        connection.setBackoff(10, 50);
        RedisEventReader reader(connection, stream);
        reader.setBlockMs(200);
        QStringList heard;
        connect(&reader, &RedisEventReader::received, this,
                [&heard](const RedisEvent &e) { heard.append(e.id); });
        QSignalSpy up(&connection, &RedisConnection::connected);
        QSignalSpy down(&connection, &RedisConnection::disconnected);
        connection.open();
        reader.start();
        QVERIFY(up.wait(5000));
        const auto add = [&](const QByteArray &id) {
            QVERIFY(!m_server.call({"XADD", stream, "*", "type", "grant", "pool", "llm", "id", id})
                         .failed());
        };
        add("1");
        QTRY_COMPARE_WITH_TIMEOUT(heard, QStringList{QStringLiteral("1")}, 5000);
        QVERIFY(m_server.call({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"}).integer >= 1);
        add("2");
        add("3");
        QTRY_VERIFY_WITH_TIMEOUT(down.size() >= 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(up.size() >= 2, 5000);
        add("4");
        QTRY_COMPARE_WITH_TIMEOUT(heard,
                                  (QStringList{QStringLiteral("1"), QStringLiteral("2"),
                                               QStringLiteral("3"), QStringLiteral("4")}),
                                  5000);
    }
};

QTEST_GUILESS_MAIN(TestRedisEvents)
#include "tst_redisevents.moc"
