// EngineRuntime::reloadConfig(), what sluiced does on SIGHUP: the file read again as at
// start-up; a change becomes an audited version, an invalid file changes nothing, an
// unchanged file keeps the changes made through the API.

#include "RuntimeFixture.h"

#include "store/Store.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestConfigReload : public QObject
{
    Q_OBJECT

private slots:
    void changedFileBecomesAnAuditedVersion()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QCOMPARE(f.configVersions().version(), 1);
        EngineConfig config = EngineFixture::defaultTestConfig();
        config.pools[0].maxConcurrent = 4;
        f.writeConfig(config);

        const ConfigReload reload = f.runtime->reloadConfig();
        QVERIFY(reload.fileChanged);
        QVERIFY2(reload.result.ok(), qPrintable(reload.result.error().message));
        QCOMPARE(reload.version, 2);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 4);
        QVERIFY(f.runtime->flush());
        const QList<AuditEntry> audit =
            f.runtime->store().audit(AuditQuery{u"config-file"_s}).value();
        QCOMPARE(audit.first().action, u"config.load"_s);
        QCOMPARE(audit.first().target, u"version 2"_s);
        QVERIFY(audit.first().detail.contains(u"pools.llm.max_concurrent: 2 -> 4"_s));

        // The reloaded file is what a restart compares with: no further version.
        f.restart();
        QCOMPARE(f.configVersions().version(), 2);
    }

    void invalidFileChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("out of range") << QByteArray("[pools.llm]\nmax_concurrent = 0\n[tiers.free]\n")
                                      << u"sluice.toml:2:18: pools.llm.max_concurrent must be"_s;
        QTest::newRow("syntax") << QByteArray("[pools.llm\n") << u"sluice.toml:1:"_s;
        QTest::newRow("cross-field") << QByteArray("default_tier = \"gold\"\n[pools.llm]\n[tiers.free]\n")
                                     << u"default_tier"_s;
    }

    void invalidFileChangesNothing()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, expected);
        RuntimeFixture f;
        QVERIFY(f.open());
        QFile file(f.configPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(toml);
        file.close();

        const ConfigReload reload = f.runtime->reloadConfig();
        QVERIFY(reload.fileChanged);
        QVERIFY(!reload.result.ok());
        QVERIFY2(reload.result.error().message.contains(expected),
                 qPrintable(reload.result.error().message));
        QCOMPARE(reload.version, 1);
        QCOMPARE(f.configVersions().version(), 1);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 2);
    }

    void unchangedFileKeepsTheApisChanges()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        EngineConfig changed = f.configVersions().config();
        changed.pools[0].maxConcurrent = 7;
        QVERIFY(f.configVersions().apply(changed, u"admin"_s).ok());

        const ConfigReload reload = f.runtime->reloadConfig();
        QVERIFY(!reload.fileChanged);
        QCOMPARE(reload.version, 2);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->maxConcurrent, 7);
    }

    void withoutAFileNothingChanges()
    {
        RuntimeFixture f;
        RuntimeOptions options = f.options();
        options.configPath.clear();
        Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(options);
        QVERIFY2(opened, qPrintable(opened.error().message));
        const std::unique_ptr<EngineRuntime> runtime = std::move(opened).value();
        const ConfigReload reload = runtime->reloadConfig();
        QVERIFY(!reload.fileChanged);
        QCOMPARE(reload.version, 1);
    }
};

QTEST_GUILESS_MAIN(TestConfigReload)
#include "tst_configreload.moc"
