#include "redis/RedisUrl.h"

#include <QTest>

using namespace sluice;

/// `--redis` and `redis_url` take redis://HOST:PORT[/DB]; anything else is refused with a
/// sentence naming what was wrong.
class TestRedisUrl : public QObject
{
    Q_OBJECT
private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::newRow("host and port") << "redis://127.0.0.1:7000"
                                       << "127.0.0.1" << 7000 << 0;
        QTest::newRow("default port") << "redis://cache.internal"
                                      << "cache.internal" << 6379 << 0;
        QTest::newRow("database") << "redis://localhost:7001/3"
                                  << "localhost" << 7001 << 3;
        QTest::newRow("trailing slash") << "redis://localhost:7001/"
                                        << "localhost" << 7001 << 0;
        QTest::newRow("ipv6") << "redis://[::1]:7002/15"
                              << "::1" << 7002 << 15;
    }
    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, db);
        const Result<RedisUrl> url = RedisUrl::parse(text);
        QVERIFY2(url, qPrintable(url.error().message));
        QCOMPARE(url->host, host);
        QCOMPARE(int(url->port), port);
        QCOMPARE(url->db, db);
        const auto again = RedisUrl::parse(url->toString());
        QVERIFY(again);
        QCOMPARE(again->host, host);
        QCOMPARE(again->db, db);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("other scheme") << "http://localhost:6379"
                                      << "scheme must be redis://";
        QTest::newRow("tls") << "rediss://localhost:6379"
                             << "scheme must be redis://";
        QTest::newRow("no scheme") << "localhost:6379"
                                   << "scheme must be redis://";
        QTest::newRow("no host") << "redis://:7000"
                                 << "no host";
        QTest::newRow("port too big") << "redis://localhost:70000"
                                      << "port";
        QTest::newRow("port not a number") << "redis://localhost:abc"
                                           << "not a URL";
        QTest::newRow("database not a number") << "redis://localhost:7000/x"
                                               << "database must be a number 0-15, not 'x'";
        QTest::newRow("database too big") << "redis://localhost:7000/16"
                                          << "database must be a number 0-15";
        QTest::newRow("password") << "redis://user:secret@localhost:7000"
                                  << "password";
        QTest::newRow("query") << "redis://localhost:7000?db=1"
                               << "query";
    }
    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        const Result<RedisUrl> url = RedisUrl::parse(text);
        QVERIFY(!url);
        QCOMPARE(url.error().code, errors::kInvalidArgument);
        const QString error = url.error().message;
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("Redis URL '") + text + QLatin1Char('\'')),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
