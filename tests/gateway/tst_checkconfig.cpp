// `sluiced check-config FILE` and `sluiced --version`, run as the real executable: every
// error with the file:line:column of the value it is about, exit 1; a valid file, a summary
// and exit 0.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run sluiced(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SLUICED_PATH), arguments);
    Run run;
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}
} // namespace

class TestCheckConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QByteArray &toml)
    {
        const QString path = m_dir.filePath(u"sluice.toml"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(toml);
        return path;
    }

private slots:
    void shippedExampleIsValid()
    {
        const QString example = qEnvironmentVariable("SLUICE_SOURCE_DIR")
                                + u"/packaging/sluice.example.toml"_s;
        const Run run = sluiced({u"check-config"_s, example});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        // One line: the file, "valid", what it holds.
        QCOMPARE(run.out.count(u'\n'), 1);
        QVERIFY2(run.out.startsWith(example + u": valid, "_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"pools (anthropic"_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"default tier free"_s), qPrintable(run.out));
    }

    void everyErrorHasItsLine_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QStringList>("expected"); // after "<file>:"
        QTest::newRow("value out of range")
            << QByteArray("default_tier = \"free\"\n"
                          "\n"
                          "[pools.llm]\n"
                          "max_concurrent = 5\n"
                          "requests_per_minute = 0\n"
                          "[tiers.free]\n")
            << QStringList{u"5:23: pools.llm.requests_per_minute must be between 1 and 100000 (got 0)"_s};
        QTest::newRow("wrong type and unknown key")
            << QByteArray("[pools.llm]\n"
                          "max_concurrent = \"five\"\n"
                          "max_concurent = 5\n"
                          "[tiers.free]\n")
            << QStringList{u"2:18: pools.llm.max_concurrent must be"_s,
                           u"3:1: unknown key pools.llm.max_concurent (did you mean max_concurrent?)"_s};
        QTest::newRow("syntax error")
            << QByteArray("[pools.llm]\n"
                          "max_concurrent = 5\n"
                          "requests_per_minute = = 3\n")
            << QStringList{u"3:"_s};
        QTest::newRow("rule across fields: the value's line")
            << QByteArray("[pools.llm]\n"
                          "[pools.llm.retry]\n"
                          "base_delay_ms = 5000\n"
                          "max_delay_ms = 2000\n"
                          "[tiers.free]\n")
            << QStringList{u"4:16: pools.llm.retry.max_delay_ms must be at least base_delay_ms"_s};
        QTest::newRow("a tier that is not there")
            << QByteArray("default_tier = \"gold\"\n"
                          "[pools.llm]\n"
                          "[tiers.free]\n")
            << QStringList{u"1:16: default_tier"_s};
    }

    void everyErrorHasItsLine()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QStringList, expected);
        const QString path = write(toml);
        const Run run = sluiced({u"check-config"_s, path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        const QStringList lines = run.err.trimmed().split(u'\n');
        // One line per error, then the count.
        QCOMPARE(lines.size(), expected.size() + 1);
        for (qsizetype i = 0; i < expected.size(); ++i)
            QVERIFY2(lines[i].startsWith(path + u':' + expected[i]), qPrintable(run.err));
        QCOMPARE(lines.last(), path + u": "_s + QString::number(expected.size())
                                   + (expected.size() == 1 ? u" error"_s : u" errors"_s));
    }

    void theReplicasOwnKeysAreChecked()
    {
        const QString bad =
            write("redis_url = \"redis://sluice:pw@10.0.0.5:6379/16\"\n[pools.llm]\n[tiers.free]\n");
        Run run = sluiced({u"check-config"_s, bad});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"Redis URL (with credentials, not shown): the database must be a number 0-15"_s),
                 qPrintable(run.err));
        QVERIFY2(!run.err.contains(u":pw@"_s), qPrintable(run.err));
        const QString good = write("redis_url = \"redis://sluice:pw@10.0.0.5:6380/2\"\n"
                                   "deployment = \"prod\"\n[pools.llm]\n[tiers.free]\n");
        run = sluiced({u"check-config"_s, good});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY2(run.out.endsWith(
                     u", shared through redis://sluice@10.0.0.5:6380/2 as deployment prod\n"_s),
                 qPrintable(run.out));
        // The password may live in the service's environment file only.
        const QString userOnly = write("redis_url = \"redis://sluice@10.0.0.5\"\n[pools.llm]\n"
                                       "[tiers.free]\n");
        run = sluiced({u"check-config"_s, userOnly});
        QCOMPARE(run.exitCode, 0);
        const QString orphan = write("deployment = \"prod\"\n[pools.llm]\n[tiers.free]\n");
        run = sluiced({u"check-config"_s, orphan});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"deployment and replica need redis_url"_s), qPrintable(run.err));
    }

    void missingFileIsAnError()
    {
        const QString path = m_dir.filePath(u"nowhere.toml"_s);
        const Run run = sluiced({u"check-config"_s, path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(path + u": no such file"_s), qPrintable(run.err));
    }

    void needsOneFile()
    {
        const Run run = sluiced({u"check-config"_s});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"check-config needs one FILE"_s), qPrintable(run.err));
    }

    void version()
    {
        const Run run = sluiced({u"--version"_s});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, u"sluiced " SLUICE_VERSION "\n"_s);
    }
};

QTEST_GUILESS_MAIN(TestCheckConfig)
#include "tst_checkconfig.moc"
