#include "CtlFixture.h"

#include <QJsonArray>

using namespace sluice::test;

/// sluicectl's configuration changes against a real gateway: limits set / preset / rollback /
/// apply with If-Match, a real 412 conflict (another admin's change in between), diff.
class TestCtlLimits : public QObject
{
    Q_OBJECT

private:
    CtlFixture m_gateway;

    qint64 version()
    {
        return m_gateway.ctl({u"limits"_s, u"get"_s, u"--json"_s})
            .json()
            .value("version"_L1)
            .toInteger();
    }

    QJsonObject pool(const QString &name)
    {
        return m_gateway.ctl({u"limits"_s, u"get"_s, name, u"--json"_s})
            .json()
            .value("pool"_L1)
            .toObject();
    }

    QString writeFile(const QString &name, const QByteArray &text)
    {
        QFile file(m_gateway.path(name));
        file.open(QIODevice::WriteOnly);
        file.write(text);
        return file.fileName();
    }

private slots:
    void initTestCase() { QVERIFY(m_gateway.start()); }
    void cleanupTestCase() { m_gateway.stop(); }

    void setChangesOnePool()
    {
        const qint64 before = version();
        const CtlResult set =
            m_gateway.ctl({u"limits"_s, u"set"_s, u"llm"_s, u"requests_per_minute=120"_s,
                           u"retry.max_retries=5"_s, u"--note"_s, u"busier"_s});
        QVERIFY2(set.exitCode == 0, set.err);
        QVERIFY2(set.out.contains(u"Version %1 is in force"_s.arg(before + 1).toUtf8()), set.out);
        QVERIFY(set.out.contains("pools.llm.requests_per_minute"));
        QCOMPARE(pool(u"llm"_s).value("requests_per_minute"_L1).toInt(), 120);
        QCOMPARE(pool(u"llm"_s).value("retry"_L1).toObject().value("max_retries"_L1).toInt(), 5);

        const CtlResult json =
            m_gateway.ctl({u"limits"_s, u"set"_s, u"llm"_s, u"tokens_per_minute=unlimited"_s,
                           u"max_concurrent=2"_s, u"--json"_s});
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(json.json().value("version"_L1).toInteger(), before + 2);
        QVERIFY(!json.json().value("changes"_L1).toArray().isEmpty());

        const CtlResult tier =
            m_gateway.ctl({u"limits"_s, u"set"_s, u"--tier"_s, u"pro"_s, u"daily_requests=2000"_s});
        QCOMPARE(tier.exitCode, 0);
        QVERIFY(tier.out.contains("tiers.pro.daily_requests"));

        const CtlResult history = m_gateway.ctl({u"limits"_s, u"history"_s});
        QVERIFY(history.out.contains("busier"));
    }

    void setRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("out of range")
            << QStringList{u"llm"_s, u"requests_per_minute=0"_s} << 7
            << QByteArray("requests_per_minute must be between 1 and 100000 (got 0)");
        QTest::newRow("unknown field") << QStringList{u"llm"_s, u"requests_per_hour=5"_s} << 7
                                       << QByteArray("requests_per_hour");
        QTest::newRow("unknown pool")
            << QStringList{u"nosuch"_s, u"max_concurrent=2"_s} << 5
            << QByteArray("there is no pool 'nosuch' (pools: llm, tts); --create adds it");
        QTest::newRow("not key=value") << QStringList{u"llm"_s, u"max_concurrent"_s} << 2
                                       << QByteArray("'max_concurrent' is not KEY=VALUE");
        QTest::newRow("bad if-match")
            << QStringList{u"llm"_s, u"max_concurrent=2"_s, u"--if-match"_s, u"seven"_s} << 2
            << QByteArray("--if-match must be an integer");
    }

    void setRefusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const qint64 before = version();
        const CtlResult result = m_gateway.ctl(QStringList{u"limits"_s, u"set"_s} + arguments);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message), result.err);
        QCOMPARE(version(), before);
    }

    void conflictIsNotOverwritten()
    {
        // sluicectl read version V; another admin changes the configuration (V + 1); the
        // change made from V is refused, says which version is in force, and changes nothing.
        const qint64 read = version();
        int status = 0;
        m_gateway.call("PUT", u"/v1/config/pools/llm"_s, m_gateway.adminKey,
                       R"({"pool": {"requests_per_minute": 90}})", &status,
                       '"' + QByteArray::number(read) + '"');
        QCOMPARE(status, 200);
        const QStringList change{u"limits"_s,     u"set"_s,
                                 u"llm"_s,        u"requests_per_minute=77"_s,
                                 u"--if-match"_s, QString::number(read)};
        const CtlResult conflict = m_gateway.ctl(change);
        QCOMPARE(conflict.exitCode, 6);
        QVERIFY2(conflict.err.contains(
                     u"the configuration is at version %1 now, not version %2"_s.arg(read + 1)
                         .arg(read)
                         .toUtf8()),
                 conflict.err);
        QCOMPARE(pool(u"llm"_s).value("requests_per_minute"_L1).toInt(), 90);

        const CtlResult json = m_gateway.ctl(change + QStringList{u"--json"_s});
        QCOMPARE(json.exitCode, 6);
        QCOMPARE(json.json().value("error"_L1).toString(), u"CONFIG_CONFLICT"_s);
        QCOMPARE(json.json().value("current_version"_L1).toInteger(), read + 1);

        // The same conflict on a preset and a rollback.
        QCOMPARE(m_gateway
                     .ctl({u"limits"_s, u"preset"_s, u"llm"_s, u"balanced"_s, u"--if-match"_s,
                           QString::number(read)})
                     .exitCode,
                 6);
        QCOMPARE(
            m_gateway
                .ctl({u"limits"_s, u"rollback"_s, u"1"_s, u"--if-match"_s, QString::number(read)})
                .exitCode,
            6);
        QCOMPARE(version(), read + 1);

        // --force reads again and makes the change on the version in force.
        const CtlResult forced = m_gateway.ctl(change + QStringList{u"--force"_s});
        QCOMPARE(forced.exitCode, 0);
        QVERIFY(
            forced.err.contains(u"moved from version %1 to %2"_s.arg(read).arg(read + 1).toUtf8()));
        QCOMPARE(pool(u"llm"_s).value("requests_per_minute"_L1).toInt(), 77);
    }

    void presetAndRollback()
    {
        const CtlResult preset = m_gateway.ctl({u"limits"_s, u"preset"_s, u"tts"_s, u"balanced"_s});
        QCOMPARE(preset.exitCode, 0);
        QCOMPARE(pool(u"tts"_s).value("max_concurrent"_L1).toInt(), 10);
        QCOMPARE(m_gateway.ctl({u"limits"_s, u"preset"_s, u"tts"_s, u"reckless"_s}).exitCode, 7);
        QCOMPARE(m_gateway.ctl({u"limits"_s, u"preset"_s, u"nosuch"_s, u"balanced"_s}).exitCode, 5);

        const CtlResult rollback = m_gateway.ctl({u"limits"_s, u"rollback"_s, u"1"_s, u"--json"_s});
        QCOMPARE(rollback.exitCode, 0);
        QCOMPARE(pool(u"tts"_s).value("max_concurrent"_L1).toInt(), 2);
        QCOMPARE(pool(u"llm"_s).value("requests_per_minute"_L1).toInt(), 100);
        QCOMPARE(m_gateway.ctl({u"limits"_s, u"rollback"_s, u"999"_s}).exitCode, 5);
    }

    void diffAndApply()
    {
        QByteArray changed = kCtlConfig;
        changed.replace("requests_per_minute = 100", "requests_per_minute = 300");
        const QString file = writeFile(u"changed.toml"_s, changed);
        const CtlResult diff = m_gateway.ctl({u"limits"_s, u"diff"_s, file});
        QCOMPARE(diff.exitCode, 0);
        QVERIFY2(diff.out.contains("pools.llm.requests_per_minute"), diff.out);
        QVERIFY(diff.out.contains("300"));
        const QJsonArray changes = m_gateway.ctl({u"limits"_s, u"diff"_s, file, u"--json"_s})
                                       .json()
                                       .value("changes"_L1)
                                       .toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().toObject().value("after"_L1).toString(), u"300"_s);

        const CtlResult apply =
            m_gateway.ctl({u"limits"_s, u"apply"_s, file, u"--note"_s, u"from file"_s});
        QCOMPARE(apply.exitCode, 0);
        QCOMPARE(pool(u"llm"_s).value("requests_per_minute"_L1).toInt(), 300);
        QVERIFY(m_gateway.ctl({u"limits"_s, u"diff"_s, file}).out.contains("matches"));

        const QString bad = writeFile(u"bad.toml"_s, "[pools.llm]\nmax_concurrent = 0\n");
        const CtlResult invalid = m_gateway.ctl({u"limits"_s, u"diff"_s, bad});
        QCOMPARE(invalid.exitCode, 7);
        QVERIFY2(invalid.err.contains("pools.llm.max_concurrent"), invalid.err);
        QCOMPARE(
            m_gateway.ctl({u"limits"_s, u"apply"_s, m_gateway.path(u"missing.toml"_s)}).exitCode,
            7);
    }
};

QTEST_GUILESS_MAIN(TestCtlLimits)
#include "tst_ctllimits.moc"
