// The real sluiced under a stand-in for systemd: NOTIFY_SOCKET names a datagram socket of
// the test's, which receives READY=1 once the gateway listens, RELOADING=1 and READY=1 around
// a SIGHUP reload, STOPPING=1 on SIGTERM. A reload applies a changed file as a new version
// (seen through the API), and an invalid file changes nothing.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int kWaitMs = 15'000;

QByteArray configWith(int maxConcurrent)
{
    return "[pools.llm]\nmax_concurrent = " + QByteArray::number(maxConcurrent)
           + "\n[tiers.free]\n";
}

/// A datagram socket that systemd would listen on; collects what the daemon says.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        std::memcpy(address.sun_path, name.constData(),
                    std::min(sizeof(address.sun_path) - 1, std::size_t(name.size())));
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    }
    ~NotifySocket() { ::close(m_fd); }

    bool bound() const { return m_bound; }
    QString path() const { return m_path; }

    /// The next message, waiting for it; empty on timeout.
    QByteArray next()
    {
        QSignalSpy readable(m_notifier.get(), &QSocketNotifier::activated);
        for (int waited = 0; waited <= kWaitMs; waited += 100) {
            char buffer[4096];
            const ssize_t size = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (size > 0)
                return QByteArray(buffer, size);
            readable.wait(100);
        }
        return {};
    }

private:
    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
    std::unique_ptr<QSocketNotifier> m_notifier;
};
} // namespace

class TestSystemdNotify : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

    /// GET /v1/config: pools.llm.max_concurrent and the version (ETag).
    std::pair<int, QByteArray> configInForce(quint16 port, const QByteArray &key)
    {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/v1/config"_s.arg(port)));
        request.setRawHeader("X-API-Key", key);
        QNetworkReply *reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(kWaitMs);
        reply->deleteLater();
        const QJsonArray pools = QJsonDocument::fromJson(reply->readAll())
                                     .object()
                                     .value("config"_L1)
                                     .toObject()
                                     .value("pools"_L1)
                                     .toArray();
        return {pools.first().toObject().value("max_concurrent"_L1).toInt(),
                reply->rawHeader("ETag")};
    }

private slots:
    void readyReloadStopping()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(u"sluice.toml"_s);
        const QString data = dir.filePath(u"data"_s);
        const auto writeConfig = [&config](const QByteArray &toml) {
            QFile file(config);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(toml);
        };
        writeConfig(configWith(3));
        QProcess keys;
        keys.start(QStringLiteral(SLUICED_PATH), {u"keys"_s, u"create"_s, u"--role"_s,
                                                  u"support"_s, u"--name"_s, u"t"_s,
                                                  u"--data-dir"_s, data});
        QVERIFY(keys.waitForFinished(kWaitMs));
        const QByteArray key = keys.readAllStandardOutput().trimmed();
        QVERIFY(key.startsWith("sk_"));

        NotifySocket socket(dir.filePath(u"notify"_s));
        QVERIFY(socket.bound());
        QProcess daemon;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"NOTIFY_SOCKET"_s, socket.path());
        daemon.setProcessEnvironment(env);
        QByteArray log;
        connect(&daemon, &QProcess::readyReadStandardError, this,
                [&] { log += daemon.readAllStandardError(); });
        daemon.start(QStringLiteral(SLUICED_PATH), {u"--config"_s, config, u"--data-dir"_s, data,
                                                    u"--listen"_s, u"127.0.0.1:0"_s});

        // Ready only once it listens: the status names the port it got.
        const QByteArray ready = socket.next();
        QVERIFY2(ready.startsWith("READY=1\nSTATUS=Serving on http://127.0.0.1:"), ready);
        const quint16 port = quint16(ready.mid(ready.lastIndexOf(':') + 1).toUInt());
        QVERIFY(port > 0);
        QCOMPARE(configInForce(port, key), std::pair(3, QByteArray("\"1\"")));

        // A changed file: a new version.
        writeConfig(configWith(4));
        QCOMPARE(::kill(pid_t(daemon.processId()), SIGHUP), 0);
        QCOMPARE(socket.next(), QByteArray("RELOADING=1\nSTATUS=Reloading the configuration"));
        QVERIFY(socket.next().startsWith("READY=1\n"));
        QCOMPARE(configInForce(port, key), std::pair(4, QByteArray("\"2\"")));
        QTRY_VERIFY_WITH_TIMEOUT(log.contains("loaded as version 2"), kWaitMs);

        // An invalid file: every error logged with its line, nothing changed.
        writeConfig("[pools.llm]\nmax_concurrent = 0\n[tiers.free]\n");
        QCOMPARE(::kill(pid_t(daemon.processId()), SIGHUP), 0);
        QVERIFY(socket.next().startsWith("RELOADING=1"));
        QVERIFY(socket.next().startsWith("READY=1\n"));
        QCOMPARE(configInForce(port, key), std::pair(4, QByteArray("\"2\"")));
        QTRY_VERIFY_WITH_TIMEOUT(log.contains("rejected; version 2 stays in force"), kWaitMs);
        QVERIFY2(log.contains((config + u":2:18: pools.llm.max_concurrent must be"_s).toUtf8()),
                 log.constData());

        // The same file again after fixing it back: nothing new.
        writeConfig(configWith(4));
        QCOMPARE(::kill(pid_t(daemon.processId()), SIGHUP), 0);
        QVERIFY(socket.next().startsWith("RELOADING=1"));
        QVERIFY(socket.next().startsWith("READY=1\n"));
        QCOMPARE(configInForce(port, key), std::pair(4, QByteArray("\"2\"")));

        daemon.terminate();
        QCOMPARE(socket.next(), QByteArray("STOPPING=1\nSTATUS=Shutting down"));
        QVERIFY(daemon.waitForFinished(kWaitMs));
        QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSystemdNotify)
#include "tst_systemdnotify.moc"
