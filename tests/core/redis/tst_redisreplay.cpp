#include "RedisReplica.h"
#include "RedisServer.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;

/// Usage Redis lost, counted again (sl_replay): sl_tick shows the id of the usage Redis
/// holds, which changes when Redis loses its data; a replica's finished usage replayed into
/// the new id counts in the daily quotas and spend once per part, however often it is sent;
/// nothing goes into an id the replica did not read, or into a day that is over.
class TestRedisReplay : public QObject
{
    Q_OBJECT

    static constexpr qint64 kStart = 1'800'000'000'000;
    static constexpr qint32 kDay = qint32(kStart / 86'400'000);

    RedisServer m_server;
    std::unique_ptr<RedisReplica> m_a;

    static QLatin1String key(const char *name) { return QLatin1String(name); }
    QString usageId() { return m_a->tick().json.value(key("usage_id")).toString(); }
    RedisAnswer replay(const QString &usageId, int part, qint32 day, const QList<RedisUsage> &usage)
    {
        return RedisReplica::sync([&](auto done) {
            m_a->pool.replay(usageId, QStringLiteral("replica-a"), part, day, 0, usage, done);
        });
    }
    QByteArray quota(const char *user)
    {
        return m_server.call({"HGET", "{sl:test}:quota", user}).text;
    }
    void configure()
    {
        RedisPoolLimits limits;
        limits.maxConcurrent = 10;
        limits.requestsPerMinute = 1000;
        limits.tokensPerMinute = 1'000'000;
        limits.maxQueueLength = 10;
        QCOMPARE(m_a->configure(limits).status(), QStringLiteral("ok"));
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
        m_server.setTestClock(kStart);
        m_a = std::make_unique<RedisReplica>(m_server.url(), QStringLiteral("llm"));
        QVERIFY(m_a->open());
        configure();
    }

    void theUsageIdStaysUntilRedisLosesItsData()
    {
        const QString first = usageId();
        QVERIFY(!first.isEmpty());
        QCOMPARE(usageId(), first);
        QCOMPARE(m_server.call({"FLUSHALL"}).text, QByteArray("OK"));
        m_server.setTestClock(kStart);
        configure();
        const QString second = usageId();
        QVERIFY(!second.isEmpty());
        QVERIFY(second != first);
    }

    void replayedUsageCountsOncePerPart()
    {
        const QString id = usageId();
        const RedisAnswer first =
            replay(id, 0, kDay,
                   {{QStringLiteral("alice"), 2, 300, 5'000}, {QStringLiteral("bob"), 1, 10, 0}});
        QCOMPARE(first.status(), QStringLiteral("ok"));
        QCOMPARE(first.json.value(key("replayed")).toInteger(), 2);
        const QByteArray counted = QByteArray::number(kDay) + "|2|300";
        QCOMPARE(quota("alice"), counted);
        QCOMPARE(m_server.call({"HGET", "{sl:test}:spend", "alice"}).text,
                 QByteArray::number(kDay) + "|5000");

        // The same part again (its answer was lost, say) adds nothing; another part does.
        const RedisAnswer again = replay(id, 0, kDay, {{QStringLiteral("alice"), 2, 300, 5'000}});
        QCOMPARE(again.json.value(key("again")).toBool(), true);
        QCOMPARE(quota("alice"), counted);
        replay(id, 1, kDay, {{QStringLiteral("carol"), 4, 40, 0}});
        QCOMPARE(quota("carol"), QByteArray::number(kDay) + "|4|40");

        // The quota admits what is left of it: alice's limit of 3 has one request left.
        RedisAdmitRequest request;
        request.user = QStringLiteral("alice");
        request.dailyRequests = 3;
        request.requestId = "r1";
        QCOMPARE(m_a->admit(request).status(), QStringLiteral("granted"));
        request.requestId = "r2";
        const RedisAnswer refused = m_a->admit(request);
        QCOMPARE(refused.json.value(key("reason")).toString(),
                 QStringLiteral("USER_LIMIT_EXCEEDED"));
    }

    void nothingGoesIntoAnIdTheReplicaDidNotRead()
    {
        const QString id = usageId();
        const RedisAnswer refused =
            replay(QStringLiteral("1234"), 0, kDay, {{QStringLiteral("alice"), 2, 0, 0}});
        QCOMPARE(refused.status(), QStringLiteral("rejected"));
        QCOMPARE(refused.json.value(key("reason")).toString(), QStringLiteral("OTHER_USAGE"));
        QCOMPARE(refused.json.value(key("usage_id")).toString(), id);
        QVERIFY(quota("alice").isEmpty());
    }

    void aDayThatIsOverCountsNothing()
    {
        const QString id = usageId();
        const RedisAnswer late = replay(id, 0, kDay - 1, {{QStringLiteral("alice"), 2, 0, 0}});
        QCOMPARE(late.status(), QStringLiteral("ok"));
        QCOMPARE(late.json.value(key("other_day")).toBool(), true);
        QVERIFY(quota("alice").isEmpty());
        // Nor does it use up the part: the right day's replay still counts.
        replay(id, 0, kDay, {{QStringLiteral("alice"), 2, 0, 0}});
        QCOMPARE(quota("alice"), QByteArray::number(kDay) + "|2|0");
    }
};

QTEST_GUILESS_MAIN(TestRedisReplay)
#include "tst_redisreplay.moc"
