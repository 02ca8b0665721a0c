#pragma once

#include "redis/RedisKeys.h"
#include "redis/RedisReply.h"

#include <hiredis/hiredis.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace sluice::test {

/// A real redis-server for one test: started in a temporary directory on a free loopback
/// port with persistence off (and DEBUG allowed, to slow it down on purpose), stopped by its
/// PID in the destructor. start() fails with a sentence when redis-server is missing (CI
/// installs it: packaging/deps.sh) or does not answer PING within 10 s. call() is a
/// blocking side channel (hiredis's synchronous API) for setting up and inspecting.
class RedisServer
{
public:
    ~RedisServer() { stop(); }

    bool start(QString *error)
    {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (program.isEmpty()) {
            *error =
                QStringLiteral("redis-server is not installed (packaging/deps.sh installs it)");
            return false;
        }
        if (m_port == 0) {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            m_port = probe.serverPort();
        }
        m_process.setProgram(program);
        m_process.setArguments({QStringLiteral("--port"), QString::number(m_port),
                                QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--save"),
                                QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                                QStringLiteral("--enable-debug-command"), QStringLiteral("yes"),
                                QStringLiteral("--daemonize"), QStringLiteral("no")});
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000)) {
            *error = QStringLiteral("redis-server did not start: %1").arg(m_process.errorString());
            return false;
        }
        // Waits for the server's own word that it listens, then checks it answers.
        QByteArray output;
        QDeadlineTimer deadline(10'000);
        while (!output.contains("Ready to accept connections") && !deadline.hasExpired() &&
               m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
            output += m_process.readAll();
        }
        if (output.contains("Ready to accept connections") && call({"PING"}).text == "PONG")
            return true;
        *error = QStringLiteral("redis-server on port %1 did not answer PING: %2")
                     .arg(m_port)
                     .arg(QString::fromUtf8(output + m_process.readAll()));
        return false;
    }

    /// Stops the server by its PID (SIGTERM, then SIGKILL); the port stays for a restart.
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    quint16 port() const { return m_port; }
    /// The password call() authenticates with as user `default`; empty: none.
    void setPassword(const QByteArray &password) { m_password = password; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

    /// One command on a fresh blocking connection; a failure comes back as Unavailable.
    /// Freezes the functions' clock of deployment "test" at `ms` (RedisKeys::testClock()).
    void setTestClock(qint64 ms) const
    {
        call({"HSET", RedisKeys(QStringLiteral("test")).testClock(), "now_ms",
              QByteArray::number(ms)});
    }

    RedisReply call(const QList<QByteArray> &args) const
    {
        const timeval timeout{5, 0};
        redisContext *context = redisConnectWithTimeout("127.0.0.1", m_port, timeout);
        if (!context || context->err) {
            const QByteArray why = context ? QByteArray(context->errstr) : "out of memory";
            redisFree(context);
            return RedisReply::unavailable(why);
        }
        if (!m_password.isEmpty())
            freeReplyObject(redisCommand(context, "AUTH %b", m_password.constData(),
                                         size_t(m_password.size())));
        QList<const char *> argv;
        QList<size_t> lengths;
        for (const QByteArray &arg : args) {
            argv.append(arg.constData());
            lengths.append(size_t(arg.size()));
        }
        auto *reply = static_cast<redisReply *>(
            redisCommandArgv(context, int(argv.size()), argv.data(), lengths.data()));
        RedisReply out = reply ? RedisReply::fromHiredis(*reply)
                               : RedisReply::unavailable(QByteArray(context->errstr));
        freeReplyObject(reply);
        redisFree(context);
        return out;
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_password;
};

} // namespace sluice::test
