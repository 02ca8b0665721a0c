#include "CtlFixture.h"

#include <QFileInfo>
#include <QJsonArray>

using namespace sluice::test;

/// sluicectl's reading commands against a real gateway, each as a table and as --json; the
/// queue's pages; --help, --version and the bash completion.
class TestCtlRead : public QObject
{
    Q_OBJECT

private:
    CtlFixture m_gateway;
    QStringList m_waiting; ///< tickets queued in llm behind one lease

    /// Runs bash's completion function on a command line ending at the cursor.
    QString complete(const QString &line)
    {
        QStringList words = line.split(u' ');
        QString script = u"source '%1'\nCOMP_WORDS=("_s.arg(QStringLiteral(SLUICECTL_COMPLETION));
        for (const QString &word : words)
            script += u"'%1' "_s.arg(word);
        script +=
            u")\nCOMP_CWORD=%1\n_sluicectl\necho \"${COMPREPLY[*]}\"\n"_s.arg(words.size() - 1);
        // Pool names come from the gateway: the environment names it, PATH has sluicectl.
        QProcessEnvironment env = m_gateway.environment(m_gateway.adminKey);
        env.insert(u"PATH"_s, QFileInfo(QStringLiteral(SLUICECTL_PATH)).absolutePath() + u':' +
                                  env.value(u"PATH"_s));
        QProcess bash;
        bash.setProcessEnvironment(env);
        bash.start(u"bash"_s, {u"--norc"_s, u"--noprofile"_s, u"-c"_s, script});
        bash.waitForFinished(kCtlWaitMs);
        return QString::fromUtf8(bash.readAllStandardOutput()).trimmed();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_gateway.start());
        int status = 0;
        QVERIFY(!m_gateway.acquire(u"llm"_s, u"alice"_s, &status).isEmpty());
        QCOMPARE(status, 200);
        for (const QString &user : {u"bob"_s, u"carol"_s, u"dave"_s}) {
            m_waiting << m_gateway.acquire(u"llm"_s, user, &status);
            QCOMPARE(status, 202);
        }
        QCOMPARE(m_gateway.ctl({u"alerts"_s, u"test"_s}).exitCode, 0); // an audit entry
    }

    void cleanupTestCase() { m_gateway.stop(); }

    void versionAndHelp()
    {
        const CtlResult version = m_gateway.ctl({u"--version"_s});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QByteArray("sluicectl " SLUICE_VERSION));

        const CtlResult help = m_gateway.ctl({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        for (const char *expected : {"limits rollback VERSION", "drain POOL",
                                     "Exit codes:", "  6  configuration changed", "SLUICE_API_KEY"})
            QVERIFY2(help.out.contains(expected), expected);

        const CtlResult command = m_gateway.ctl({u"limits"_s, u"set"_s, u"--help"_s});
        QCOMPARE(command.exitCode, 0);
        QVERIFY(command.out.contains("If-Match"));
        QVERIFY(command.out.contains("--force"));

        const CtlResult group = m_gateway.ctl({u"limits"_s, u"--help"_s});
        QCOMPARE(group.exitCode, 0);
        QVERIFY(group.out.contains("sluicectl limits rollback VERSION\n"));
        QVERIFY(group.out.contains("sluicectl limits presets\n"));

        const CtlResult none = m_gateway.ctl({});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("no command given"));
    }

    void manPageNamesEveryCommand()
    {
        QFile page(QStringLiteral(SLUICECTL_MAN_PAGE));
        QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(page.fileName()));
        const QByteArray text = page.readAll();
        const QByteArray help = m_gateway.ctl({u"--help"_s}).out;
        const QByteArray commands =
            help.mid(help.indexOf("Commands:\n"),
                     help.indexOf("\nGlobal options:") - help.indexOf("Commands:\n"));
        int seen = 0;
        for (const QByteArray &line : commands.split('\n')) {
            if (!line.startsWith("  "))
                continue;
            QByteArrayList name;
            for (const QByteArray &word : line.trimmed().split(' ')) {
                if (word.isEmpty() || word.front() < 'a' || word.front() > 'z')
                    break;
                name << word;
            }
            const QByteArray command = name.join(' ');
            QVERIFY2(text.contains(QByteArray('*' + command + '*')) ||
                         text.contains(QByteArray('*' + command + ' ')),
                     command.constData());
            ++seen;
        }
        QVERIFY(seen > 20);
        for (int code = 0; code <= 8; ++code)
            QVERIFY2(text.contains(QByteArray('*' + QByteArray::number(code) + "*\t")),
                     QByteArray::number(code));
    }

    void readCommand_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("inTable"); // text the table shows
        QTest::addColumn<QString>("jsonMember"); // a member of the --json answer
        QTest::newRow("status") << QStringList{u"status"_s} << QByteArray("running") << u"pools"_s;
        QTest::newRow("pools") << QStringList{u"pools"_s} << QByteArray("1/1") << u"pools"_s;
        QTest::newRow("one pool") << QStringList{u"pools"_s, u"llm"_s} << QByteArray("waiting")
                                  << u"mode"_s;
        QTest::newRow("queue") << QStringList{u"queue"_s, u"llm"_s} << QByteArray("bob")
                               << u"items"_s;
        QTest::newRow("user") << QStringList{u"user"_s, u"show"_s, u"alice"_s}
                              << QByteArray("requests today") << u"quota"_s;
        QTest::newRow("limits") << QStringList{u"limits"_s, u"get"_s} << QByteArray("REQ/MIN")
                                << u"config"_s;
        QTest::newRow("one pool's limits") << QStringList{u"limits"_s, u"get"_s, u"llm"_s}
                                           << QByteArray("requests_per_minute") << u"pool"_s;
        QTest::newRow("one tier's limits")
            << QStringList{u"limits"_s, u"get"_s, u"--tier"_s, u"pro"_s}
            << QByteArray("daily_requests") << u"tier"_s;
        QTest::newRow("presets") << QStringList{u"limits"_s, u"presets"_s} << QByteArray("Balanced")
                                 << u"presets"_s;
        QTest::newRow("history") << QStringList{u"limits"_s, u"history"_s} << QByteArray("*")
                                 << u"versions"_s;
        QTest::newRow("one version") << QStringList{u"limits"_s, u"history"_s, u"1"_s}
                                     << QByteArray("Version 1") << u"config"_s;
        QTest::newRow("alerts") << QStringList{u"alerts"_s, u"list"_s} << QByteArray("History:")
                                << u"history"_s;
        QTest::newRow("audit") << QStringList{u"audit"_s} << QByteArray("ACTION") << u"entries"_s;
        QTest::newRow("keys") << QStringList{u"keys"_s, u"list"_s} << QByteArray("helpdesk")
                              << u"keys"_s;
        QTest::newRow("whoami") << QStringList{u"whoami"_s} << QByteArray("admin") << u"role"_s;
    }

    void readCommand()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, inTable);
        QFETCH(QString, jsonMember);
        const CtlResult table = m_gateway.ctl(arguments);
        QVERIFY2(table.exitCode == 0, table.err.constData());
        QVERIFY2(table.out.contains(inTable), table.out.constData());
        QVERIFY(!table.out.trimmed().startsWith('{'));
        QVERIFY(!table.out.contains("\033[")); // no colour in a pipe

        const CtlResult json = m_gateway.ctl(arguments + QStringList{u"--json"_s});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY2(document.object().contains(jsonMember), json.out.constData());
        QVERIFY(!json.out.contains(m_gateway.adminKey)); // the key is never printed
        QVERIFY(!table.out.contains(m_gateway.adminKey));
    }

    void queueIsPaged()
    {
        const CtlResult first = m_gateway.ctl({u"queue"_s, u"llm"_s, u"--limit"_s, u"2"_s});
        QCOMPARE(first.exitCode, 0);
        QVERIFY(first.out.contains("bob"));
        QVERIFY(first.out.contains("carol"));
        QVERIFY(!first.out.contains("dave"));
        QVERIFY2(first.out.contains("1-2 of 3 waiting in pool llm. Next page: --offset 2"),
                 first.out.constData());

        const CtlResult second = m_gateway.ctl(
            {u"queue"_s, u"llm"_s, u"--limit"_s, u"2"_s, u"--offset"_s, u"2"_s, u"--json"_s});
        QCOMPARE(second.exitCode, 0);
        const QJsonObject page = second.json();
        QCOMPARE(page.value("total"_L1).toInt(), 3);
        const QJsonArray items = page.value("items"_L1).toArray();
        QCOMPARE(items.size(), 1);
        // The queue names a request by its number only: the random part is its owner's.
        QCOMPARE(items.first().toObject().value("requestId"_L1).toString(),
                 m_waiting.last().section(u'-', 0, 0));
        QCOMPARE(items.first().toObject().value("position"_L1).toInt(), 3);

        const CtlResult all = m_gateway.ctl({u"queue"_s, u"llm"_s, u"--all"_s, u"--json"_s});
        QCOMPARE(all.exitCode, 0);
        QCOMPARE(all.json().value("items"_L1).toArray().size(), 3);

        const CtlResult bad = m_gateway.ctl({u"queue"_s, u"llm"_s, u"--limit"_s, u"0"_s});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--limit must be an integer between 1 and 1000 (got \"0\")"));
    }

    void bashCompletion()
    {
        QVERIFY(QFile::exists(QStringLiteral(SLUICECTL_COMPLETION)));
        const CtlResult printed = m_gateway.ctl({u"completion"_s, u"bash"_s});
        QFile installed(QStringLiteral(SLUICECTL_COMPLETION));
        QVERIFY(installed.open(QIODevice::ReadOnly));
        QCOMPARE(installed.readAll(), printed.out);

        QCOMPARE(complete(u"sluicectl lim"_s), u"limits"_s);
        QCOMPARE(complete(u"sluicectl limits ro"_s), u"rollback"_s);
        QCOMPARE(complete(u"sluicectl --json limits set llm requests_per"_s),
                 u"requests_per_minute="_s);
        QCOMPARE(complete(u"sluicectl limits set --tier pro daily_r"_s), u"daily_requests="_s);
        QCOMPARE(complete(u"sluicectl drain llm --w"_s), u"--wait"_s);
        QCOMPARE(complete(u"sluicectl keys create --role ad"_s), u"admin"_s);
        QCOMPARE(complete(u"sluicectl limits preset llm bal"_s), u"balanced"_s);
        QCOMPARE(complete(u"sluicectl pause l"_s), u"llm"_s);
        QCOMPARE(complete(u"sluicectl drain "_s), u"llm tts"_s);
        QCOMPARE(complete(u"sluicectl limits set t"_s), u"tts"_s);
        // An option of another command is not offered.
        QCOMPARE(complete(u"sluicectl pools --wa"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestCtlRead)
#include "tst_ctlread.moc"
