#include "RedisServer.h"

#include "redis/RedisConnection.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// The asynchronous connection on the event loop, against a real redis-server: commands
/// answer in order; a slow Redis fails a command by its timeout without stalling the loop,
/// and its late answer never reaches the next command; a lost server is reconnected with
/// backoff; a refused connection says why.
class TestRedisConnection : public QObject
{
    Q_OBJECT

    static constexpr int kWaitMs = 10'000;

    struct Heard
    {
        std::optional<RedisReply> reply;
        RedisConnection::Callback callback()
        {
            return [this](const RedisReply &r) {
                reply = r;
            };
        }
    };

    RedisServer m_server;

    /// The server's URL with `userInfo` ("USER:PASSWORD", percent-encoded) in it.
    QString withCredentials(const QString &userInfo) const
    {
        return QString(m_server.url()).replace(u"redis://"_s, u"redis://"_s + userInfo + u'@');
    }

    std::unique_ptr<RedisConnection> connected(const QString &url)
    {
        auto connection = std::make_unique<RedisConnection>(*RedisUrl::parse(url));
        connection->setBackoff(10, 100);
        QSignalSpy up(connection.get(), &RedisConnection::connected);
        connection->open();
        if (!up.wait(kWaitMs))
            return nullptr;
        return connection;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void commandsAnswerInOrder()
    {
        auto connection = connected(m_server.url());
        QVERIFY(connection);
        QList<QByteArray> heard;
        for (int i = 0; i < 100; ++i) {
            connection->command({"ECHO", QByteArray::number(i)},
                                [&heard](const RedisReply &r) { heard.append(r.text); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 100, kWaitMs);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(heard.at(i), QByteArray::number(i));
        Heard array;
        connection->command({"MGET", "nothing", "nothing"}, array.callback());
        QTRY_VERIFY_WITH_TIMEOUT(array.reply, kWaitMs);
        QCOMPARE(array.reply->type, RedisReply::Type::Array);
        QCOMPARE(array.reply->elements.size(), 2);
        QCOMPARE(array.reply->elements.at(0).type, RedisReply::Type::Nil);
        Heard error;
        connection->command({"NOSUCHCOMMAND"}, error.callback());
        QTRY_VERIFY_WITH_TIMEOUT(error.reply, kWaitMs);
        QCOMPARE(error.reply->failure, RedisReply::Failure::ServerError);
        QCOMPARE(error.reply->errorCode(), QByteArray("ERR"));
    }

    void slowRedisTimesOutWithoutStallingTheLoop()
    {
        auto connection = connected(m_server.url());
        QVERIFY(connection);
        // Redis answers in order: the ECHO waits behind the sleep, like any command behind a
        // slow one.
        Heard slept;
        connection->command({"DEBUG", "SLEEP", "0.6"}, slept.callback(), 5000);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(10);
        QElapsedTimer elapsed;
        elapsed.start();
        Heard late;
        connection->command({"ECHO", "late"}, late.callback(), 100);
        QTRY_VERIFY_WITH_TIMEOUT(late.reply, kWaitMs);
        QCOMPARE(late.reply->failure, RedisReply::Failure::Timeout);
        QVERIFY2(late.reply->text.contains("within 100 ms"), late.reply->text.constData());
        QVERIFY2(elapsed.elapsed() < 450, qPrintable(QString::number(elapsed.elapsed())));
        QVERIFY2(ticks >= 3, "the event loop ran while Redis was asleep");
        // The late answer to "late" arrives after the sleep and is dropped: the next command
        // hears its own answer.
        Heard next;
        connection->command({"ECHO", "next"}, next.callback(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(next.reply, kWaitMs);
        QCOMPARE(next.reply->text, QByteArray("next"));
        QTRY_VERIFY_WITH_TIMEOUT(slept.reply, kWaitMs);
        QCOMPARE(late.reply->failure, RedisReply::Failure::Timeout);
    }

    void selectsTheDatabaseOfTheUrl()
    {
        auto connection = connected(m_server.url() + QStringLiteral("/5"));
        QVERIFY(connection);
        Heard set;
        connection->command({"SET", "sluice-db-test", "five"}, set.callback());
        QTRY_VERIFY_WITH_TIMEOUT(set.reply, kWaitMs);
        QCOMPARE(set.reply->text, QByteArray("OK"));
        QCOMPARE(m_server.call({"EXISTS", "sluice-db-test"}).integer, 0); // not in db 0
        Heard get;
        connection->command({"GET", "sluice-db-test"}, get.callback());
        QTRY_VERIFY_WITH_TIMEOUT(get.reply, kWaitMs);
        QCOMPARE(get.reply->text, QByteArray("five"));
    }

    void authenticatesAsTheUserOfTheUrlBeforeSelecting()
    {
        QCOMPARE(
            m_server
                .call({"ACL", "SETUSER", "sluice", "on", "resetpass", ">s3cr/t@", "~*", "+@all"})
                .text,
            QByteArray("OK"));
        // The password percent-encoded, as in any URL.
        auto connection = connected(withCredentials(u"sluice:s3cr%2Ft%40"_s) + u"/4"_s);
        QVERIFY(connection);
        Heard who;
        connection->command({"ACL", "WHOAMI"}, who.callback());
        QTRY_VERIFY_WITH_TIMEOUT(who.reply, kWaitMs);
        QCOMPARE(who.reply->text, QByteArray("sluice"));
        Heard set;
        connection->command({"SET", "sluice-auth-test", "four"}, set.callback());
        QTRY_VERIFY_WITH_TIMEOUT(set.reply, kWaitMs);
        QCOMPARE(set.reply->text, QByteArray("OK"));
        QCOMPARE(m_server.call({"EXISTS", "sluice-auth-test"}).integer, 0); // in db 4
    }

    void authenticatesWithThePasswordAlone()
    {
        QCOMPARE(m_server.call({"ACL", "SETUSER", "default", ">only-pw"}).text, QByteArray("OK"));
        m_server.setPassword("only-pw");
        const auto restore = qScopeGuard([this] {
            m_server.call({"ACL", "SETUSER", "default", "resetpass", "nopass"});
            m_server.setPassword({});
        });
        RedisConnection without(*RedisUrl::parse(m_server.url()));
        Heard refused;
        QSignalSpy up(&without, &RedisConnection::connected);
        without.open();
        QVERIFY(up.wait(kWaitMs));
        without.command({"PING"}, refused.callback());
        QTRY_VERIFY_WITH_TIMEOUT(refused.reply, kWaitMs);
        QCOMPARE(refused.reply->errorCode(), QByteArray("NOAUTH"));
        auto connection = connected(withCredentials(u":only-pw"_s));
        QVERIFY(connection);
        Heard who;
        connection->command({"ACL", "WHOAMI"}, who.callback());
        QTRY_VERIFY_WITH_TIMEOUT(who.reply, kWaitMs);
        QCOMPARE(who.reply->text, QByteArray("default"));
    }

    void refusedPasswordSaysWhyAndRetriesUntilItIsRight()
    {
        QCOMPARE(
            m_server.call({"ACL", "SETUSER", "sluice", "on", "resetpass", ">s3cret", "~*", "+@all"})
                .text,
            QByteArray("OK"));
        RedisConnection connection(*RedisUrl::parse(withCredentials(u"sluice:not-it"_s)));
        connection.setBackoff(10, 50);
        QSignalSpy up(&connection, &RedisConnection::connected);
        QSignalSpy down(&connection, &RedisConnection::disconnected);
        Heard meanwhile;
        connection.open();
        connection.command({"SET", "sluice-unauthenticated", "x"}, meanwhile.callback());
        QTRY_VERIFY_WITH_TIMEOUT(down.size() >= 2, kWaitMs); // retried, with backoff
        QCOMPARE(up.size(), 0);
        const QString why = down.at(0).at(0).toString();
        QVERIFY2(why.startsWith(u"Redis refused the password of user 'sluice': WRONGPASS"_s),
                 qPrintable(why));
        QVERIFY2(!why.contains(u"not-it"_s), qPrintable(why));
        QVERIFY(meanwhile.reply);
        QVERIFY(meanwhile.reply->failed());
        QCOMPARE(m_server.call({"EXISTS", "sluice-unauthenticated"}).integer, 0);
        // Fixed on the server's side: the next attempt gets in.
        m_server.call({"ACL", "SETUSER", "sluice", ">not-it"});
        QVERIFY(up.wait(kWaitMs));
        QCOMPARE(connection.state(), RedisConnection::State::Connected);
    }

    void refusedConnectionSaysWhyAndRetries()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        RedisConnection connection(
            *RedisUrl::parse(QStringLiteral("redis://127.0.0.1:%1").arg(closedPort)));
        connection.setBackoff(10, 50);
        QSignalSpy down(&connection, &RedisConnection::disconnected);
        connection.open();
        QTRY_VERIFY_WITH_TIMEOUT(down.size() >= 3, kWaitMs); // retried, with backoff
        QVERIFY2(down.at(0).at(0).toString().contains(QLatin1String("refused")),
                 qPrintable(down.at(0).at(0).toString()));
        Heard refused;
        connection.command({"PING"}, refused.callback());
        QVERIFY(!refused.reply); // never before command() returns
        QTRY_VERIFY_WITH_TIMEOUT(refused.reply, kWaitMs);
        QCOMPARE(refused.reply->failure, RedisReply::Failure::Unavailable);
        connection.close();
        QCOMPARE(connection.state(), RedisConnection::State::Closed);
    }

    void reconnectsAfterTheServerRestarts()
    {
        auto connection = connected(m_server.url());
        QVERIFY(connection);
        QSignalSpy down(connection.get(), &RedisConnection::disconnected);
        QSignalSpy up(connection.get(), &RedisConnection::connected);
        m_server.stop();
        QTRY_VERIFY_WITH_TIMEOUT(down.size() >= 1, kWaitMs);
        Heard whileDown;
        connection->command({"PING"}, whileDown.callback());
        QTRY_VERIFY_WITH_TIMEOUT(whileDown.reply, kWaitMs);
        QCOMPARE(whileDown.reply->failure, RedisReply::Failure::Unavailable);
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(up.size() >= 1, kWaitMs);
        Heard back;
        connection->command({"PING"}, back.callback());
        QTRY_VERIFY_WITH_TIMEOUT(back.reply, kWaitMs);
        QCOMPARE(back.reply->text, QByteArray("PONG"));
    }

    void destroyedWithCommandsInFlight()
    {
        auto connection = connected(m_server.url());
        QVERIFY(connection);
        bool called = false;
        for (int i = 0; i < 10; ++i)
            connection->command({"PING"}, [&called](const RedisReply &) { called = true; });
        connection.reset(); // callbacks dropped unheard, nothing touches freed memory
        // A round trip on another connection runs the event loop past the server's answers.
        auto other = connected(m_server.url());
        QVERIFY(other);
        Heard back;
        other->command({"PING"}, back.callback());
        QTRY_VERIFY_WITH_TIMEOUT(back.reply, kWaitMs);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
