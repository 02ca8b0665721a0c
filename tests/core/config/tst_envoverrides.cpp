#include "config/ConfigJson.h"
#include "config/ConfigLimits.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"
#include "config/EnvOverrides.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

QProcessEnvironment environment(std::initializer_list<std::pair<QString, QString>> variables)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

// A field of a pool's JSON form by its path under the pool, e.g. "retry.max_retries".
QJsonValue poolField(const PoolConfig &pool, const QString &path)
{
    QJsonValue value = poolToJson(pool);
    const QStringList keys = path.split(u'.');
    for (const QString &key : keys)
        value = value.toObject().value(key);
    return value;
}

} // namespace

class TestEnvOverrides : public QObject
{
    Q_OBJECT

private slots:
    void eachVariable_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("expected");
        QTest::addColumn<QString>("before");
        QTest::newRow("rate limit") << u"SLUICE_ELEVENLABS_RATE_LIMIT_PER_MINUTE"_s << u"120"_s
                                    << u"requests_per_minute"_s << 120.0 << u"unlimited"_s;
        QTest::newRow("concurrency") << u"SLUICE_ELEVENLABS_CONCURRENT_REQUESTS"_s << u"10"_s
                                     << u"max_concurrent"_s << 10.0 << u"3"_s;
        QTest::newRow("retries") << u"SLUICE_ELEVENLABS_MAX_RETRIES"_s << u"0"_s
                                 << u"retry.max_retries"_s << 0.0 << u"3"_s;
        QTest::newRow("base delay") << u"SLUICE_ELEVENLABS_BASE_DELAY"_s << u"250"_s
                                    << u"retry.base_delay_ms"_s << 250.0 << u"1000"_s;
        QTest::newRow("max delay") << u"SLUICE_ELEVENLABS_MAX_DELAY"_s << u"60000"_s
                                   << u"retry.max_delay_ms"_s << 60000.0 << u"30000"_s;
        QTest::newRow("backoff") << u"SLUICE_ELEVENLABS_BACKOFF_FACTOR"_s << u"1.5"_s
                                 << u"retry.backoff_factor"_s << 1.5 << u"2"_s;
        QTest::newRow("surrounding spaces") << u"SLUICE_ELEVENLABS_MAX_RETRIES"_s << u" 5 "_s
                                            << u"retry.max_retries"_s << 5.0 << u"3"_s;
    }

    void eachVariable()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(double, expected);
        QFETCH(QString, before);
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result =
            applyEnvOverrides(config, environment({{variable, value}}));
        QVERIFY2(result.errors.isEmpty(), qPrintable(describeErrors(result.errors)));
        QCOMPARE(poolField(config.pools[1], field).toDouble(), expected);
        const AppliedOverride applied{variable, u"pools.elevenlabs."_s + field, before,
                                      formatConfigNumber(expected)};
        QCOMPARE(result.applied, QList<AppliedOverride>{applied});

        EngineConfig untouched = defaultConfig();
        untouched.pools[1] = config.pools[1];
        QVERIFY2(config == untouched, "only the named pool changes");
        QVERIFY(validateConfig(config).isEmpty());
    }

    void seedNamesForAnthropic()
    {
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result = applyEnvOverrides(
            config, environment({{u"ANTHROPIC_RATE_LIMIT_PER_MINUTE"_s, u"100"_s},
                                 {u"ANTHROPIC_CONCURRENT_REQUESTS"_s, u"10"_s},
                                 {u"ANTHROPIC_MAX_RETRIES"_s, u"5"_s},
                                 {u"ANTHROPIC_BASE_DELAY"_s, u"500"_s},
                                 {u"ANTHROPIC_MAX_DELAY"_s, u"20000"_s},
                                 {u"ANTHROPIC_BACKOFF_FACTOR"_s, u"3"_s}}));
        QVERIFY2(result.errors.isEmpty(), qPrintable(describeErrors(result.errors)));
        QCOMPARE(result.applied.size(), 6);
        const PoolConfig &pool = config.pools[0];
        QCOMPARE(pool.requestsPerMinute, 100);
        QCOMPARE(pool.maxConcurrent, 10);
        QVERIFY((pool.retry == RetrySettings{5, 500, 20000, 3.0}));
        QCOMPARE(result.applied[0].variable, u"ANTHROPIC_RATE_LIMIT_PER_MINUTE"_s);
        QCOMPARE(result.applied[0].before, u"50"_s);
    }

    void seedNamesOnlyForAnthropic()
    {
        EngineConfig config = defaultConfig();
        config.pools[0].name = u"claude"_s;
        const EngineConfig before = config;
        const EnvOverrideResult result =
            applyEnvOverrides(config, environment({{u"ANTHROPIC_MAX_RETRIES"_s, u"5"_s}}));
        QVERIFY(result.applied.isEmpty());
        QVERIFY(config == before);
    }

    void sluiceNamesWin()
    {
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result = applyEnvOverrides(
            config, environment({{u"ANTHROPIC_MAX_RETRIES"_s, u"5"_s},
                                 {u"SLUICE_ANTHROPIC_MAX_RETRIES"_s, u"7"_s}}));
        QCOMPARE(config.pools[0].retry.maxRetries, 7);
        QCOMPARE(result.applied.size(), 1);
        QCOMPARE(result.applied[0].variable, u"SLUICE_ANTHROPIC_MAX_RETRIES"_s);
    }

    void emptyVariablesAreIgnored()
    {
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result = applyEnvOverrides(
            config, environment({{u"SLUICE_ANTHROPIC_MAX_RETRIES"_s, u" "_s},
                                 {u"ANTHROPIC_MAX_RETRIES"_s, u"6"_s}}));
        QVERIFY(result.errors.isEmpty());
        QCOMPARE(config.pools[0].retry.maxRetries, 6);
    }

    void badValuesLeaveTheField_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a number")
            << u"SLUICE_ANTHROPIC_RATE_LIMIT_PER_MINUTE"_s << u"fast"_s
            << u"The environment variable SLUICE_ANTHROPIC_RATE_LIMIT_PER_MINUTE must be an "
               u"integer between 1 and 100000 (got \"fast\")"_s;
        QTest::newRow("fraction for integer")
            << u"ANTHROPIC_MAX_RETRIES"_s << u"2.5"_s
            << u"The environment variable ANTHROPIC_MAX_RETRIES must be an integer between 0 "
               u"and 10 (got \"2.5\")"_s;
        QTest::newRow("beyond 64 bits")
            << u"SLUICE_ANTHROPIC_CONCURRENT_REQUESTS"_s << u"99999999999999999999"_s
            << u"The environment variable SLUICE_ANTHROPIC_CONCURRENT_REQUESTS must be an "
               u"integer between 1 and 10000 (got \"99999999999999999999\")"_s;
        QTest::newRow("out of range")
            << u"SLUICE_ANTHROPIC_CONCURRENT_REQUESTS"_s << u"99999999999"_s
            << u"The environment variable SLUICE_ANTHROPIC_CONCURRENT_REQUESTS is out of range: "
               u"pools.anthropic.max_concurrent must be between 1 and 10000 (got 99999999999)"_s;
        QTest::newRow("zero rate")
            << u"ANTHROPIC_RATE_LIMIT_PER_MINUTE"_s << u"0"_s
            << u"The environment variable ANTHROPIC_RATE_LIMIT_PER_MINUTE is out of range: "
               u"pools.anthropic.requests_per_minute must be between 1 and 100000 (got 0)"_s;
        QTest::newRow("not a factor")
            << u"SLUICE_ANTHROPIC_BACKOFF_FACTOR"_s << u"2x"_s
            << u"The environment variable SLUICE_ANTHROPIC_BACKOFF_FACTOR must be a number "
               u"between 1 and 5 (got \"2x\")"_s;
        QTest::newRow("nan factor")
            << u"SLUICE_ANTHROPIC_BACKOFF_FACTOR"_s << u"nan"_s
            << u"The environment variable SLUICE_ANTHROPIC_BACKOFF_FACTOR is out of range: "
               u"pools.anthropic.retry.backoff_factor must be between 1 and 5 (got nan)"_s;
    }

    void badValuesLeaveTheField()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, message);
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result =
            applyEnvOverrides(config, environment({{variable, value},
                                                   {u"SLUICE_ANAM_MAX_RETRIES"_s, u"1"_s}}));
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().message, message);
        QVERIFY(result.errors.first().field.startsWith(u"pools.anthropic."_s));
        QCOMPARE(config.pools[0], defaultConfig().pools[0]);
        QCOMPARE(result.applied.size(), 1);
        QCOMPARE(config.pools[2].retry.maxRetries, 1);
    }

    void poolNamesWithPunctuation_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("plain") << u"anthropic"_s << u"SLUICE_ANTHROPIC_"_s;
        QTest::newRow("dash") << u"open-ai"_s << u"SLUICE_OPEN_AI_"_s;
        QTest::newRow("underscore and digit") << u"eu_west-2"_s << u"SLUICE_EU_WEST_2_"_s;
        QTest::newRow("non-ASCII") << u"caf\u00e9"_s << u"SLUICE_CAF__"_s;
    }

    void poolNamesWithPunctuation()
    {
        QFETCH(QString, pool);
        QFETCH(QString, prefix);
        QCOMPARE(envPoolPrefix(pool), prefix);
        EngineConfig config = defaultConfig();
        config.pools[1].name = pool;
        const EnvOverrideResult result =
            applyEnvOverrides(config, environment({{prefix + u"MAX_RETRIES"_s, u"9"_s}}));
        QCOMPARE(config.pools[1].retry.maxRetries, 9);
        QCOMPARE(result.applied.first().field, u"pools."_s + pool + u".retry.max_retries"_s);
    }

    void crossFieldRulesAreLeftToTheValidator()
    {
        EngineConfig config = defaultConfig();
        const EnvOverrideResult result = applyEnvOverrides(
            config, environment({{u"SLUICE_ANAM_BASE_DELAY"_s, u"5000"_s},
                                 {u"SLUICE_ANAM_MAX_DELAY"_s, u"2000"_s}}));
        QVERIFY(result.errors.isEmpty());
        QCOMPARE(result.applied.size(), 2);
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, u"pools.anam.retry.max_delay_ms"_s);
    }
};

QTEST_GUILESS_MAIN(TestEnvOverrides)
#include "tst_envoverrides.moc"
