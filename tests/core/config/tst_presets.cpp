#include "config/ConfigPresets.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestPresets : public QObject
{
    Q_OBJECT

private slots:
    void seedPresets()
    {
        const QList<ConfigPreset> presets = configPresets();
        QCOMPARE(presets.size(), 3);
        QCOMPARE(presets[0].name, u"Conservative"_s);
        QCOMPARE(presets[0].requestsPerMinute, 50);
        QCOMPARE(presets[0].maxConcurrent, 5);
        QCOMPARE(presets[1].name, u"Balanced"_s);
        QCOMPARE(presets[1].requestsPerMinute, 100);
        QCOMPARE(presets[1].maxConcurrent, 10);
        QCOMPARE(presets[2].name, u"Aggressive"_s);
        QCOMPARE(presets[2].requestsPerMinute, 200);
        QCOMPARE(presets[2].maxConcurrent, 20);
        for (const ConfigPreset &preset : presets)
            QVERIFY(!preset.description.isEmpty());
    }

    void applyByName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("requestsPerMinute");
        QTest::addColumn<int>("maxConcurrent");
        QTest::newRow("Conservative") << u"Conservative"_s << 50 << 5;
        QTest::newRow("balanced, lower case") << u"balanced"_s << 100 << 10;
        QTest::newRow("AGGRESSIVE") << u"AGGRESSIVE"_s << 200 << 20;
    }

    void applyByName()
    {
        QFETCH(QString, name);
        QFETCH(int, requestsPerMinute);
        QFETCH(int, maxConcurrent);
        EngineConfig config = defaultConfig();
        PoolConfig expected = config.pools[1];
        QVERIFY(applyPreset(config.pools[1], name));
        QCOMPARE(config.pools[1].requestsPerMinute, requestsPerMinute);
        QCOMPARE(config.pools[1].maxConcurrent, maxConcurrent);
        expected.requestsPerMinute = requestsPerMinute;
        expected.maxConcurrent = maxConcurrent;
        QVERIFY2(config.pools[1] == expected, "only the two limits change");
        QVERIFY(validateConfig(config).isEmpty());
    }

    void conservativeIsTheShippedAnthropicPool()
    {
        const PoolConfig shipped = defaultConfig().pools[0];
        PoolConfig pool = shipped;
        QVERIFY(applyPreset(pool, u"conservative"));
        QVERIFY(pool == shipped);
    }

    void unknownNameChangesNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("unknown") << u"Reckless"_s;
        QTest::newRow("prefix") << u"Bal"_s;
    }

    void unknownNameChangesNothing()
    {
        QFETCH(QString, name);
        PoolConfig pool = defaultConfig().pools[2];
        const PoolConfig before = pool;
        QVERIFY(!applyPreset(pool, name));
        QVERIFY(pool == before);
        QCOMPARE(findPreset(name), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
