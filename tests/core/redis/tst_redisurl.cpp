#include "redis/RedisUrl.h"

#include <QTest>

using namespace sluice;

/// `--redis` and `redis_url` take redis://[[USER]:PASSWORD@]HOST:PORT[/DB]; anything else is
/// refused with a sentence naming what was wrong. The password is never shown.
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
        QTest::newRow("user with a space") << "redis://a%20b:secret@localhost:7000"
                                           << "user name must not hold spaces";
        QTest::newRow("credentials, no host") << "redis://user:secret@:7000"
                                              << "no host";
        // A password with characters a URL needs encoded: nothing of it may show.
        QTest::newRow("unencoded slash") << "redis://u:sec/ret@127.0.0.1"
                                         << "write '/' '@' '#' '?'";
        QTest::newRow("number, then slash") << "redis://sluice:4242/tail-of-secret@10.0.0.5"
                                            << "the database must be a number 0-15";
        QTest::newRow("unencoded hash") << "redis://u:sec#ret@127.0.0.1"
                                        << "write '/' '@' '#' '?'";
        QTest::newRow("leading space") << " redis://u:secret@127.0.0.1"
                                       << "not a URL";
        QTest::newRow("one slash") << "redis:/u:secret@127.0.0.1"
                                   << "no host";
        QTest::newRow("at in the user") << "redis://app@prod:secret@127.0.0.1"
                                        << "";
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
        // A URL with credentials is never repeated, nor any part of it.
        const QString shown = text.contains(QLatin1Char('@'))
                                  ? QStringLiteral("(with credentials, not shown)")
                                  : QLatin1Char('\'') + text + QLatin1Char('\'');
        QVERIFY2(error.startsWith(QStringLiteral("Redis URL ") + shown + QStringLiteral(": ")),
                 qPrintable(error));
        if (text.contains(QLatin1Char('@'))) {
            for (const QString &part : {QStringLiteral("sec"), QStringLiteral("ret")})
                QVERIFY2(!error.contains(part), qPrintable(error));
        }
    }

    void credentials_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("shown");
        QTest::newRow("none") << "redis://10.0.0.5:7000/2"
                              << ""
                              << ""
                              << "redis://10.0.0.5:7000/2";
        QTest::newRow("password alone") << "redis://:s3cret@10.0.0.5:7000"
                                        << ""
                                        << "s3cret"
                                        << "redis://10.0.0.5:7000/0";
        QTest::newRow("user and password") << "redis://sluice:s3cret@10.0.0.5/1"
                                           << "sluice"
                                           << "s3cret"
                                           << "redis://sluice@10.0.0.5:6379/1";
        QTest::newRow("percent-encoded") << "redis://app%40prod:p%2Fw%3Ad%40@10.0.0.5"
                                         << "app@prod"
                                         << "p/w:d@"
                                         << "redis://app%40prod@10.0.0.5:6379/0";
        QTest::newRow("user alone (password from the environment)")
            << "redis://sluice@10.0.0.5"
            << "sluice"
            << ""
            << "redis://sluice@10.0.0.5:6379/0";
    }
    void credentials()
    {
        QFETCH(QString, text);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, shown);
        const Result<RedisUrl> url = RedisUrl::parse(text);
        QVERIFY2(url, qPrintable(url.error().message));
        QCOMPARE(url->user, user);
        QCOMPARE(url->password, password);
        QCOMPARE(url->toString(), shown); // logs, metrics and the API: never the password
        const Result<RedisUrl> again = RedisUrl::parse(url->toString());
        QVERIFY(again);
        QCOMPARE(again->user, user);
        QVERIFY(again->password.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
