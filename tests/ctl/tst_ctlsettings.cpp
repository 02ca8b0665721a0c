#include "CtlFixture.h"

#include <QDir>
#include <QTcpServer>

using namespace sluice::test;

/// Where sluicectl's URL and key come from (flags > environment > settings file), and the
/// exit codes a script branches on: usage, unreachable, auth, not found, invalid.
class TestCtlSettings : public QObject
{
    Q_OBJECT

private:
    CtlFixture m_gateway;
    QTcpServer m_silent; ///< accepts connections (the kernel does) and never answers

    /// A closed port on 127.0.0.1: bound, then released.
    static QString deadUrl()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        return u"http://127.0.0.1:%1"_s.arg(server.serverPort());
    }

    QString writeSettings(const QByteArray &text, QFile::Permissions permissions)
    {
        QDir().mkpath(m_gateway.path(u"xdg/sluice"_s));
        QFile file(m_gateway.path(u"xdg/sluice/sluicectl.toml"_s));
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(text);
        file.close();
        file.setPermissions(permissions);
        return file.fileName();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_gateway.start());
        QVERIFY(m_silent.listen(QHostAddress::LocalHost));
    }
    void cleanupTestCase() { m_gateway.stop(); }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("key"); // admin, support, none or a literal key
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"admin"_s << 2
                                         << QByteArray("unknown command 'frobnicate'");
        QTest::newRow("group without verb") << QStringList{u"limits"_s} << u"admin"_s << 2
                                            << QByteArray("'limits' needs one of: get, set");
        QTest::newRow("unknown option") << QStringList{u"pools"_s, u"--colour"_s} << u"admin"_s << 2
                                        << QByteArray("Unknown option 'colour'");
        QTest::newRow("option of another command")
            << QStringList{u"pools"_s, u"--wait"_s} << u"admin"_s << 2
            << QByteArray("--wait is not an option of 'pools'");
        QTest::newRow("missing argument") << QStringList{u"pause"_s} << u"admin"_s << 2
                                          << QByteArray("'pause' takes POOL (got 0 arguments)");
        QTest::newRow("bad url") << QStringList{u"pools"_s, u"--url"_s, u"ftp://x"_s} << u"admin"_s
                                 << 2 << QByteArray("--url must be an http:// or https:// URL");
        QTest::newRow("unreachable") << QStringList{u"pools"_s, u"--url"_s, deadUrl()} << u"admin"_s
                                     << 3 << QByteArray("cannot reach http://127.0.0.1:");
        QTest::newRow("timeout") << QStringList{u"pools"_s, u"--timeout"_s, u"1"_s, u"--url"_s,
                                                u"http://127.0.0.1:%1"_s.arg(m_silent.serverPort())}
                                 << u"admin"_s << 3
                                 << QByteArray("/v1/pools within 1 s (--timeout)");
        QTest::newRow("no key") << QStringList{u"pools"_s} << u"none"_s << 4
                                << QByteArray("no API key");
        QTest::newRow("role too low")
            << QStringList{u"keys"_s, u"list"_s} << u"support"_s << 4 << QByteArray("(HTTP 403");
        QTest::newRow("wrong key") << QStringList{u"pools"_s} << u"sk_000000000000_wrong"_s << 4
                                   << QByteArray("(HTTP 401");
        QTest::newRow("unknown pool")
            << QStringList{u"pools"_s, u"nosuch"_s} << u"admin"_s << 5
            << QByteArray("pool 'nosuch': unknown pool 'nosuch' (HTTP 404 UNKNOWN_POOL)");
        QTest::newRow("invalid value")
            << QStringList{u"user"_s, u"tier"_s, u"a"_s, QString(65, u'x')} << u"admin"_s << 7
            << QByteArray("(HTTP 400");
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, key);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const QByteArray presented = key == u"admin"     ? m_gateway.adminKey
                                     : key == u"support" ? m_gateway.supportKey
                                     : key == u"none"    ? QByteArray()
                                                         : key.toLatin1();
        const CtlResult table = m_gateway.ctlWith(arguments, m_gateway.environment(presented));
        QCOMPARE(table.exitCode, exitCode);
        QVERIFY2(table.err.startsWith("sluicectl: "), table.err);
        QVERIFY2(table.err.contains(message), table.err);
        QVERIFY(table.out.isEmpty());
        if (!presented.isEmpty())
            QVERIFY(!table.err.contains(presented));

        const CtlResult json = m_gateway.ctlWith(arguments + QStringList{u"--json"_s},
                                                 m_gateway.environment(presented));
        QCOMPARE(json.exitCode, exitCode);
        QCOMPARE(json.json().value("exit_code"_L1).toInt(), exitCode);
        QVERIFY(!json.json().value("error"_L1).toString().isEmpty());
    }

    void tls()
    {
        // A self-signed certificate: refused unless --insecure.
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                       u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"1"_s,
                       u"-subj"_s, u"/CN=127.0.0.1"_s, u"-keyout"_s, m_gateway.path(u"tls.key"_s),
                       u"-out"_s, m_gateway.path(u"tls.crt"_s)});
        if (!openssl.waitForFinished(kCtlWaitMs) || openssl.exitCode() != 0)
            QSKIP("openssl is not available to make a test certificate");
        CtlFixture secure;
        QVERIFY(secure.start({u"--tls-cert"_s, m_gateway.path(u"tls.crt"_s), u"--tls-key"_s,
                              m_gateway.path(u"tls.key"_s)}));
        QProcessEnvironment env = secure.environment(secure.adminKey);
        env.insert(u"SLUICE_URL"_s, u"https://127.0.0.1:%1"_s.arg(secure.port));
        const CtlResult untrusted = secure.ctlWith({u"whoami"_s}, env);
        QCOMPARE(untrusted.exitCode, 3);
        QVERIFY2(untrusted.err.contains("cannot reach https://127.0.0.1:"), untrusted.err);
        QVERIFY2(untrusted.err.contains("--insecure skips the certificate check"), untrusted.err);
        const CtlResult insecure = secure.ctlWith({u"whoami"_s, u"--insecure"_s, u"--json"_s}, env);
        QVERIFY2(insecure.exitCode == 0, insecure.err);
        QCOMPARE(insecure.json().value("role"_L1).toString(), u"admin"_s);
        secure.stop();
    }

    void settingsFileAndPrecedence()
    {
        writeSettings("url = \"" + m_gateway.url().toUtf8() + "\"\nkey = \"" + m_gateway.adminKey +
                          "\"\ntimeout = 5\n",
                      QFile::ReadOwner | QFile::WriteOwner);
        QProcessEnvironment bare = m_gateway.environment({});
        bare.remove(u"SLUICE_URL"_s);
        const CtlResult fromFile = m_gateway.ctlWith({u"whoami"_s, u"--json"_s}, bare);
        QVERIFY2(fromFile.exitCode == 0, fromFile.err);
        QCOMPARE(fromFile.json().value("name"_L1).toString(), u"ops"_s);

        // The environment beats the file, a flag beats the environment.
        QProcessEnvironment support = bare;
        support.insert(u"SLUICE_API_KEY"_s, QString::fromLatin1(m_gateway.supportKey));
        QCOMPARE(m_gateway.ctlWith({u"whoami"_s, u"--json"_s}, support)
                     .json()
                     .value("name"_L1)
                     .toString(),
                 u"helpdesk"_s);
        QFile keyFile(m_gateway.path(u"admin.key"_s));
        QVERIFY(keyFile.open(QIODevice::WriteOnly));
        keyFile.write(m_gateway.adminKey + "\n");
        keyFile.close();
        QCOMPARE(
            m_gateway
                .ctlWith({u"whoami"_s, u"--json"_s, u"--key-file"_s, keyFile.fileName()}, support)
                .json()
                .value("name"_L1)
                .toString(),
            u"ops"_s);
        QProcessEnvironment elsewhere = bare;
        elsewhere.insert(u"SLUICE_URL"_s, deadUrl());
        QCOMPARE(m_gateway.ctlWith({u"whoami"_s}, elsewhere).exitCode, 3);
        QCOMPARE(m_gateway.ctlWith({u"whoami"_s, u"--url"_s, m_gateway.url()}, elsewhere).exitCode,
                 0);

        // A key in a file others can read is refused; so are unknown entries.
        writeSettings("key = \"" + m_gateway.adminKey + "\"\n",
                      QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        const CtlResult exposed = m_gateway.ctlWith({u"whoami"_s}, bare);
        QCOMPARE(exposed.exitCode, 2);
        QVERIFY2(exposed.err.contains("readable by others: chmod 600"), exposed.err);
        writeSettings("adress = \"x\"\n", QFile::ReadOwner | QFile::WriteOwner);
        const CtlResult typo = m_gateway.ctlWith({u"whoami"_s}, bare);
        QCOMPARE(typo.exitCode, 2);
        QVERIFY2(typo.err.contains("unknown key 'adress'"), typo.err);
        QFile::remove(m_gateway.path(u"xdg/sluice/sluicectl.toml"_s));
    }
};

QTEST_GUILESS_MAIN(TestCtlSettings)
#include "tst_ctlsettings.moc"
