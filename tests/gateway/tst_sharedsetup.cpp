// Shared mode as a packaged sluiced is set up: `redis_url` and `deployment` in the
// configuration file instead of --redis, an ACL user's password in SLUICE_REDIS_PASSWORD
// (the unit's root-only environment file) instead of the URL. A real sluiced process and a
// real redis-server whose only way in for Sluice is that user. The password never shows in
// the log, /v1/replicas or /metrics; a wrong one keeps the replica from sharing and says why.

#include "GatewayFixture.h"
#include "RedisServer.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {
constexpr QLatin1StringView kPassword("correct-horse-battery");
} // namespace

class TestSharedSetup : public QObject
{
    Q_OBJECT

    RedisServer m_redis;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_sluiced;
    QByteArray m_log;
    QByteArray m_key;
    int m_port = 0;
    QNetworkAccessManager m_network;

    /// Starts sluiced on `config` (no --redis) with SLUICE_REDIS_PASSWORD=`password`.
    bool start(const QByteArray &config, const QString &password)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QFile file(m_dir->filePath(u"sluice.toml"_s));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        file.write(config);
        file.close();
        QProcess keys;
        keys.start(QStringLiteral(SLUICED_PATH),
                   {u"keys"_s, u"create"_s, u"--role"_s, u"admin"_s, u"--name"_s, u"ops"_s,
                    u"--data-dir"_s, m_dir->path()});
        if (!keys.waitForFinished(30'000) || keys.exitCode() != 0)
            return false;
        m_key = keys.readAllStandardOutput().split('\n').first().trimmed();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"SLUICE_REDIS_PASSWORD"_s, password);
        m_sluiced.setProcessEnvironment(environment);
        m_sluiced.setProcessChannelMode(QProcess::MergedChannels);
        m_sluiced.start(QStringLiteral(SLUICED_PATH),
                        {u"--config"_s, file.fileName(), u"--data-dir"_s, m_dir->path(),
                         u"--listen"_s, u"127.0.0.1:0"_s});
        static const QRegularExpression listening(u"listening on http://127.0.0.1:(\\d+)"_s);
        QDeadlineTimer deadline(30'000);
        while (m_port == 0 && !deadline.hasExpired() && m_sluiced.state() != QProcess::NotRunning) {
            m_sluiced.waitForReadyRead(100);
            m_log += m_sluiced.readAll();
            if (const auto match = listening.match(QString::fromUtf8(m_log)); match.hasMatch())
                m_port = match.captured(1).toInt();
        }
        if (m_port == 0)
            qWarning().noquote() << "sluiced did not start:" << m_log;
        return m_port != 0;
    }

    GatewayFixture::Answer call(const QByteArray &method, const QString &path,
                                const QByteArray &body = {})
    {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
        request.setRawHeader("X-API-Key", m_key);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        return GatewayFixture::wait(m_network.sendCustomRequest(request, method, body));
    }
    GatewayFixture::Answer get(const QString &path) { return call("GET", path); }

    /// The rules of `user NAME ...` in the deployment guide's Redis ACL.
    static QList<QByteArray> guideAclOf(const QByteArray &name)
    {
        QFile guide(qEnvironmentVariable("SLUICE_SOURCE_DIR") + u"/docs/deployment.md"_s);
        if (!guide.open(QIODevice::ReadOnly))
            return {};
        for (const QByteArray &line : guide.readAll().split('\n')) {
            if (line.startsWith(QByteArray("user " + name + ' ')))
                return line.split(' ').mid(2);
        }
        return {};
    }

    /// The pool "llm", and "exfil", whose upstream key an admin pointed at the variable
    /// that holds the Redis password.
    QByteArray configFor(const QByteArray &user) const
    {
        return "redis_url = \"redis://" + user +
               "@127.0.0.1:" + QByteArray::number(m_redis.port()) +
               "/0\"\ndeployment = \"setup\"\nreplica = \"a\"\n"
               "[pools.llm]\nmax_concurrent = 2\n"
               "[pools.exfil]\nupstream_url = \"http://127.0.0.1:9\"\n"
               "upstream_key_env = \"SLUICE_REDIS_PASSWORD\"\n[tiers.free]\n";
    }

private slots:
    void init()
    {
        QString error;
        QVERIFY2(m_redis.start(&error), qPrintable(error));
        // Sluice's own user, exactly as docs/deployment.md gives it; `default` needs a
        // password that only the test knows.
        const QList<QByteArray> rules = guideAclOf("sluice");
        QVERIFY2(rules.contains("~{sl:*"), "no 'user sluice on' line in docs/deployment.md");
        QList<QByteArray> setUser{"ACL", "SETUSER", "sluice"};
        for (const QByteArray &rule : rules)
            setUser << (rule.startsWith('>') ? ">" + QByteArray(kPassword.data()) : rule);
        QCOMPARE(m_redis.call(setUser).text, QByteArray("OK"));
        QCOMPARE(m_redis.call({"ACL", "SETUSER", "default", "resetpass", ">test-only"}).text,
                 QByteArray("OK"));
        m_redis.setPassword("test-only");
    }

    void cleanup()
    {
        if (m_sluiced.state() != QProcess::NotRunning) {
            m_sluiced.kill();
            m_sluiced.waitForFinished(5000);
        }
        m_log.clear();
        m_port = 0;
        m_redis.stop();
        m_redis.setPassword({});
    }

    void theConfigurationFileAndThePasswordInTheEnvironmentTurnSharedModeOn()
    {
        QVERIFY(start(configFor("sluice"), kPassword));
        QVERIFY2(
            GatewayFixture::waitFor(
                [&] { return get(u"/v1/replicas"_s).json.value("ready"_L1).toBool(); }, 20'000),
            m_log.constData());
        const GatewayFixture::Answer replicas = get(u"/v1/replicas"_s);
        QCOMPARE(replicas.status, 200);
        QCOMPARE(replicas.text("problem"_L1), QString());
        QCOMPARE(replicas.text("mode"_L1), u"shared"_s);
        QCOMPARE(replicas.text("deployment"_L1), u"setup"_s);
        QCOMPARE(replicas.text("replica"_L1), u"a"_s);
        QCOMPARE(replicas.text("redis"_L1), u"redis://sluice@127.0.0.1:%1/0"_s.arg(m_redis.port()));
        // Its pool's limits are in Redis, under the deployment's tag, written as that user.
        QCOMPARE(m_redis.call({"HGET", "{sl:setup}:p:llm:st", "maxc"}).text, QByteArray("2"));
        // A request admitted and released through Redis, as that user.
        const GatewayFixture::Answer granted =
            call("POST", u"/v1/acquire"_s, "{\"pool\": \"llm\", \"user\": \"alice\"}");
        QVERIFY2(granted.status == 200, granted.body.constData());
        QCOMPARE(m_redis.call({"HGET", "{sl:setup}:p:llm:st", "inuse"}).text, QByteArray("1"));
        const GatewayFixture::Answer released =
            call("POST", u"/v1/requests/%1/release"_s.arg(granted.text("lease_id"_L1)), "{}");
        QVERIFY2(released.status == 200, QByteArray(granted.body + released.body).constData());
        QCOMPARE(m_redis.call({"HGET", "{sl:setup}:p:llm:st", "inuse"}).text, QByteArray("0"));
        // Sluice's user had every command it ran, and the pool's epoch was written.
        QCOMPARE(m_redis.call({"ACL", "LOG"}).elements.size(), 0);
        QVERIFY(!m_redis.call({"HGET", "{sl:setup}:p:llm:st", "epoch"}).text.isEmpty());
        // The password is out of the environment the gateway sees.
        QNetworkRequest proxied(QUrl(u"http://127.0.0.1:%1/proxy/exfil/v1/x"_s.arg(m_port)));
        proxied.setRawHeader("X-API-Key", m_key);
        proxied.setRawHeader("x-sluice-user", "mallory");
        const GatewayFixture::Answer exfil = GatewayFixture::wait(m_network.get(proxied));
        QVERIFY2(exfil.body.contains("UPSTREAM_KEY_MISSING"), exfil.body.constData());
        const GatewayFixture::Answer metrics = get(u"/metrics"_s);
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("sluice@127.0.0.1"));
        m_log += m_sluiced.readAll();
        for (const QByteArray &shown : {replicas.body, metrics.body, m_log})
            QVERIFY2(!shown.contains(kPassword.data()), shown.constData());
    }

    void aWrongPasswordKeepsTheReplicaOutAndSaysWhy()
    {
        QVERIFY(start(configFor("sluice"), u"not-the-password"_s));
        QVERIFY(GatewayFixture::waitFor(
            [&] { return get(u"/v1/replicas"_s).text("problem"_L1).contains(u"WRONGPASS"_s); },
            20'000));
        const GatewayFixture::Answer replicas = get(u"/v1/replicas"_s);
        QVERIFY2(
            replicas.text("problem"_L1).contains(u"Redis refused the password of user 'sluice'"_s),
            replicas.body.constData());
        QCOMPARE(replicas.json.value("ready"_L1).toBool(), false);
        // Nothing reached Redis: no pool was configured by anyone.
        QCOMPARE(m_redis.call({"EXISTS", "{sl:setup}:p:llm:st"}).integer, 0);
        m_log += m_sluiced.readAll();
        QVERIFY2(m_log.contains("WRONGPASS"), m_log.constData());
        QVERIFY2(!m_log.contains("not-the-password"), m_log.constData());
    }
};

QTEST_MAIN(TestSharedSetup)
#include "tst_sharedsetup.moc"
