#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sluice::EngineConfig)

namespace {

QString dump(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson());
}

EngineConfig everyOptionalSet()
{
    EngineConfig config = defaultConfig();
    config.pools[1].requestsPerMinute = 120;
    config.pools[1].tokensPerMinute = 100'000'000;
    config.pools[1].retry = {10, 100, 120'000, 1.25};
    config.tiers[0].dailyTokens = 1'000'000'000'000;
    config.tiers[0].dailyCostUsd = 0.01;
    config.tiers[3].dailyCostUsd = 1234.56;
    config.quotaResetMinuteUtc = 1439;
    config.agingMs = 3'600'000;
    config.alertWebhookUrl = u"https://hooks.example.com/services/T0/B0/x"_s;
    config.alertRules[5].target = u"free"_s;
    config.alertRules[5].pendingMs = 86'400'000;
    config.pricing << ModelPrice{u"gpt-4.1-mini"_s, 0.4, 1.6};
    return config;
}

EngineConfig everyOptionalUnset()
{
    EngineConfig config = defaultConfig();
    for (PoolConfig &pool : config.pools) {
        pool.requestsPerMinute.reset();
        pool.tokensPerMinute.reset();
        pool.upstreamUrl.clear();
        pool.upstreamKeyEnv.clear();
        pool.upstreamAuthHeader.clear();
    }
    for (TierConfig &tier : config.tiers) {
        tier.dailyTokens.reset();
        tier.dailyCostUsd.reset();
        tier.maxConcurrentPerUser.reset();
    }
    config.pricing.clear();
    config.alertRules.clear();
    return config;
}

QJsonObject poolObject(const QJsonObject &fields)
{
    QJsonObject pool = fields;
    pool.insert(u"name"_s, u"p"_s);
    return pool;
}

} // namespace

class TestConfigJson : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<EngineConfig>("config");
        QTest::newRow("default") << defaultConfig();
        QTest::newRow("every optional set") << everyOptionalSet();
        QTest::newRow("every optional unset") << everyOptionalUnset();
        QTest::newRow("empty") << EngineConfig();
    }

    void roundTrip()
    {
        QFETCH(EngineConfig, config);
        const QJsonObject json = configToJson(config);
        const Result<EngineConfig> direct = configFromJson(json);
        QVERIFY2(direct.ok(), qPrintable(describeErrors(direct.error().fields)));
        QVERIFY2(*direct == config, qPrintable(dump(json)));

        // Through text as well, as the gateway and the store see it.
        const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
        const Result<EngineConfig> parsed = configFromJson(QJsonDocument::fromJson(text).object());
        QVERIFY2(parsed.ok(), qPrintable(describeErrors(parsed.error().fields)));
        QVERIFY2(*parsed == config, text.constData());
    }

    void layout()
    {
        const QJsonObject json = configToJson(defaultConfig());
        QCOMPARE(json.value(u"default_tier"_s).toString(), u"free"_s);
        const QJsonArray pools = json.value(u"pools"_s).toArray();
        QCOMPARE(pools.size(), 3);
        const QJsonObject anthropic = pools[0].toObject();
        QCOMPARE(anthropic.value(u"name"_s).toString(), u"anthropic"_s);
        QCOMPARE(anthropic.value(u"requests_per_minute"_s).toInt(), 50);
        QCOMPARE(anthropic.value(u"retry"_s).toObject().value(u"backoff_factor"_s).toDouble(), 2.0);
        const QJsonObject elevenlabs = pools[1].toObject();
        QVERIFY(!elevenlabs.contains(u"requests_per_minute"_s));
        QVERIFY(!elevenlabs.contains(u"tokens_per_minute"_s));
        QCOMPARE(json.value(u"tiers"_s).toArray()[3].toObject().value(u"name"_s).toString(),
                 u"enterprise"_s);
        QCOMPARE(json.value(u"pricing"_s).toArray()[0].toObject().value(u"model"_s).toString(),
                 u"claude-3-5-sonnet-20241022"_s);
        const QJsonObject rule = json.value(u"alert_rules"_s).toArray()[1].toObject();
        QCOMPARE(rule.value(u"id"_s).toString(), u"pool-rpm"_s);
        QCOMPARE(rule.value(u"metric"_s).toString(), u"pool_rpm"_s);
    }

    void nullMeansUnlimited()
    {
        QJsonObject object = poolObject({{u"requests_per_minute"_s, QJsonValue::Null}});
        const Result<PoolConfig> pool = poolFromJson(object);
        QVERIFY2(pool.ok(), qPrintable(describeErrors(pool.error().fields)));
        QCOMPARE(pool->requestsPerMinute, std::nullopt);
    }

    void poolAndTierHelpers()
    {
        const EngineConfig config = everyOptionalSet();
        for (const PoolConfig &pool : config.pools) {
            const Result<PoolConfig> back = poolFromJson(poolToJson(pool));
            QVERIFY2(back.ok(), qPrintable(describeErrors(back.error().fields)));
            QVERIFY(*back == pool);
        }
        for (const TierConfig &tier : config.tiers) {
            const Result<TierConfig> back = tierFromJson(tierToJson(tier));
            QVERIFY2(back.ok(), qPrintable(describeErrors(back.error().fields)));
            QVERIFY(*back == tier);
        }
        QCOMPARE(tierToJson(config.tiers[1]).value(u"name"_s).toString(), u"basic"_s);
    }

    void poolErrors_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("string for integer")
            << poolObject({{u"max_concurrent"_s, u"5"_s}}) << u"pools.p.max_concurrent"_s
            << u"pools.p.max_concurrent must be an integer between 1 and 10000 (got \"5\")"_s;
        QTest::newRow("fraction for integer")
            << poolObject({{u"max_concurrent"_s, 2.5}}) << u"pools.p.max_concurrent"_s
            << u"pools.p.max_concurrent must be an integer between 1 and 10000 (got 2.5)"_s;
        QTest::newRow("huge")
            << poolObject({{u"tokens_per_minute"_s, 1e300}}) << u"pools.p.tokens_per_minute"_s
            << u"pools.p.tokens_per_minute must be an integer between 1 and 100000000 "
               u"(got 1e+300)"_s;
        QTest::newRow("beyond int")
            << poolObject({{u"max_queue_length"_s, 3e9}}) << u"pools.p.max_queue_length"_s
            << u"pools.p.max_queue_length must be between 0 and 1000000 (got 3000000000)"_s;
        QTest::newRow("negative")
            << poolObject({{u"requests_per_minute"_s, -1}}) << u"pools.p.requests_per_minute"_s
            << u"pools.p.requests_per_minute must be between 1 and 100000 (got -1)"_s;
        QTest::newRow("bool for string")
            << poolObject({{u"upstream_url"_s, true}}) << u"pools.p.upstream_url"_s
            << u"pools.p.upstream_url must be a string (got true)"_s;
        QTest::newRow("retry not an object")
            << poolObject({{u"retry"_s, 3}}) << u"pools.p.retry"_s
            << u"pools.p.retry must be an object (got 3)"_s;
        QTest::newRow("retry field")
            << poolObject({{u"retry"_s, QJsonObject{{u"backoff_factor"_s, u"2"_s}}}})
            << u"pools.p.retry.backoff_factor"_s
            << u"pools.p.retry.backoff_factor must be a number between 1 and 5 (got \"2\")"_s;
        QTest::newRow("null for required")
            << poolObject({{u"max_concurrent"_s, QJsonValue::Null}}) << u"pools.p.max_concurrent"_s
            << u"pools.p.max_concurrent must be an integer between 1 and 10000 (got null)"_s;
        QTest::newRow("array for integer")
            << poolObject({{u"max_concurrent"_s, QJsonArray{1}}}) << u"pools.p.max_concurrent"_s
            << u"pools.p.max_concurrent must be an integer between 1 and 10000 (got an array)"_s;
        QTest::newRow("name not a string")
            << QJsonObject{{u"name"_s, 5}} << u"pools[0].name"_s
            << u"pools[0].name must be a string (got 5)"_s;
        QTest::newRow("unknown key")
            << poolObject({{u"maxConcurrent"_s, 5}}) << u"pools.p.maxConcurrent"_s
            << u"unknown key pools.p.maxConcurrent (did you mean max_concurrent?)"_s;
    }

    void poolErrors()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const Result<PoolConfig> result = poolFromJson(object);
        QVERIFY2(result.error().fields.size() == 1,
                 qPrintable(describeErrors(result.error().fields)));
        QCOMPARE(result.error().fields.first().field, field);
        QCOMPARE(result.error().fields.first().message, message);
    }

    void configErrors_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("pools an object")
            << QJsonObject{{u"pools"_s, QJsonObject()}} << u"pools"_s
            << u"pools must be an array of objects (got an object)"_s;
        QTest::newRow("pool not an object")
            << QJsonObject{{u"pools"_s, QJsonArray{poolObject({}), 5}}} << u"pools[1]"_s
            << u"pools[1] must be an object (got 5)"_s;
        QTest::newRow("tier field")
            << QJsonObject{{u"tiers"_s, QJsonArray{QJsonObject{{u"name"_s, u"t"_s},
                                                               {u"priority"_s, 1001}}}}}
            << u"tiers.t.priority"_s << u"tiers.t.priority must be between 0 and 1000 (got 1001)"_s;
        QTest::newRow("metric")
            << QJsonObject{{u"alert_rules"_s, QJsonArray{QJsonObject{{u"id"_s, u"r"_s},
                                                                     {u"metric"_s, 3}}}}}
            << u"alert_rules.r.metric"_s
            << u"alert_rules.r.metric must be one of pool_concurrency, pool_rpm, pool_tpm, "
               u"pool_queue, tier_daily, user_daily (got 3)"_s;
        QTest::newRow("enabled") << QJsonObject{{u"alert_rules"_s,
                                                 QJsonArray{QJsonObject{{u"enabled"_s, 1}}}}}
                                 << u"alert_rules[0].enabled"_s
                                 << u"alert_rules[0].enabled must be true or false (got 1)"_s;
        QTest::newRow("price")
            << QJsonObject{{u"pricing"_s, QJsonArray{QJsonObject{{u"model"_s, u"m"_s},
                                                                 {u"input_per_million"_s, -0.5}}}}}
            << u"pricing.m.input_per_million"_s
            << u"pricing.m.input_per_million must be between 0 and 100000 (got -0.5)"_s;
        QTest::newRow("global")
            << QJsonObject{{u"aging_ms"_s, u"soon"_s}} << u"aging_ms"_s
            << u"aging_ms must be an integer between 0 and 3600000 (got \"soon\")"_s;
        QTest::newRow("unknown top-level key")
            << QJsonObject{{u"version"_s, 2}} << u"version"_s
            << u"unknown key version (known keys: default_tier, quota_reset_minute_utc, "
               u"aging_ms, alert_webhook_url, pools, tiers, pricing, alert_rules)"_s;
    }

    void configErrors()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const Result<EngineConfig> result = configFromJson(object);
        QVERIFY2(result.error().fields.size() == 1,
                 qPrintable(describeErrors(result.error().fields)));
        QCOMPARE(result.error().fields.first().field, field);
        QCOMPARE(result.error().fields.first().message, message);
    }

    void wholeDoubleIsAnInteger()
    {
        const Result<PoolConfig> pool = poolFromJson(poolObject({{u"max_concurrent"_s, 7.0}}));
        QVERIFY2(pool.ok(), qPrintable(describeErrors(pool.error().fields)));
        QCOMPARE(pool->maxConcurrent, 7);
    }
};

QTEST_GUILESS_MAIN(TestConfigJson)
#include "tst_configjson.moc"
