#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &error : errors)
        fields << error.field;
    return fields;
}

const FieldError *errorFor(const QList<FieldError> &errors, const QString &field)
{
    for (const FieldError &error : errors) {
        if (error.field == field)
            return &error;
    }
    return nullptr;
}

} // namespace

class TestConfigValidator : public QObject
{
    Q_OBJECT

private slots:
    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << u"openai"_s << true;
        QTest::newRow("digits, dash, underscore") << u"pool_2-b"_s << true;
        QTest::newRow("leading digit") << u"9lives"_s << true;
        QTest::newRow("one character") << u"a"_s << true;
        QTest::newRow("64 characters") << QString(64, u'a') << true;
        QTest::newRow("65 characters") << QString(65, u'a') << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("upper case") << u"Anthropic"_s << false;
        QTest::newRow("leading dash") << u"-pool"_s << false;
        QTest::newRow("leading underscore") << u"_pool"_s << false;
        QTest::newRow("space") << u"my pool"_s << false;
        QTest::newRow("dot") << u"my.pool"_s << false;
        QTest::newRow("non-ASCII") << u"caf\u00e9"_s << false;
        QTest::newRow("trailing newline") << u"pool\n"_s << false;
    }

    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(isValidConfigName(name), valid);

        EngineConfig pools = defaultConfig();
        pools.pools[1].name = name;
        const QList<FieldError> poolErrors = validateConfig(pools);
        QCOMPARE(poolErrors.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(poolErrors.size(), 1);
            QVERIFY2(poolErrors.first().field.endsWith(u".name"_s),
                     qPrintable(poolErrors.first().field));
            QVERIFY2(poolErrors.first().message.contains(u"lower-case letters"_s),
                     qPrintable(poolErrors.first().message));
        }

        EngineConfig tiers = defaultConfig();
        tiers.tiers[2].name = name;
        QCOMPARE(validateConfig(tiers).isEmpty(), valid);

        EngineConfig rules = defaultConfig();
        rules.alertRules[3].id = name;
        QCOMPARE(validateConfig(rules).isEmpty(), valid);
    }

    void unnamedEntriesAreNamedByIndex()
    {
        EngineConfig config = defaultConfig();
        config.pools[2].name.clear();
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(fieldsOf(errors), QStringList{u"pools[2].name"_s});
    }

    void duplicates_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("pool") << u"pools.anthropic.name"_s;
        QTest::newRow("tier") << u"tiers.free.name"_s;
        QTest::newRow("alert rule") << u"alert_rules.pool-rpm.id"_s;
        QTest::newRow("price") << u"pricing.claude-opus-4-1.model"_s;
    }

    void duplicates()
    {
        QFETCH(QString, field);
        EngineConfig config = defaultConfig();
        if (field.startsWith(u"pools"))
            config.pools[2].name = u"anthropic"_s;
        else if (field.startsWith(u"tiers"))
            config.tiers[3].name = u"free"_s;
        else if (field.startsWith(u"alert_rules"))
            config.alertRules[5].id = u"pool-rpm"_s;
        else
            config.pricing[0].model = u"claude-opus-4-1"_s;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(fieldsOf(errors), QStringList{field});
        QVERIFY2(errors.first().message.contains(u"more than one"_s),
                 qPrintable(errors.first().message));
    }

    void emptyPriceModel()
    {
        EngineConfig config = defaultConfig();
        config.pricing[1].model = u"  "_s;
        QCOMPARE(fieldsOf(validateConfig(config)), QStringList{u"pricing.  .model"_s});
        config.pricing[1].model.clear();
        QCOMPARE(fieldsOf(validateConfig(config)), QStringList{u"pricing[1].model"_s});
    }

    void defaultTierMustExist()
    {
        EngineConfig config = defaultConfig();
        config.defaultTier = u"gold"_s;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(fieldsOf(errors), QStringList{u"default_tier"_s});
        QVERIFY(errors.first().message.contains(u"\"gold\""_s));
        config.defaultTier.clear();
        QCOMPARE(fieldsOf(validateConfig(config)), QStringList{u"default_tier"_s});
    }

    void maxDelayNotBelowBaseDelay()
    {
        EngineConfig config = defaultConfig();
        config.pools[0].retry.baseDelayMs = 5000;
        config.pools[0].retry.maxDelayMs = 5000;
        QVERIFY(validateConfig(config).isEmpty());
        config.pools[0].retry.maxDelayMs = 4999;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(fieldsOf(errors), QStringList{u"pools.anthropic.retry.max_delay_ms"_s});
        QVERIFY(errors.first().message.contains(u"5000"_s));
    }

    void alertRuleHysteresis()
    {
        EngineConfig config = defaultConfig();
        config.alertRules[0].clearBelow = 0.8;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(fieldsOf(errors), QStringList{u"alert_rules.pool-concurrency.clear_below"_s});
        QVERIFY(errors.first().message.contains(u"below the threshold 0.8"_s));
        config.alertRules[0].clearBelow = 0.79;
        QVERIFY(validateConfig(config).isEmpty());
    }

    void alertRuleTargets_data()
    {
        QTest::addColumn<int>("rule");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("valid");
        QTest::newRow("pool metric, every pool") << 0 << QString() << true;
        QTest::newRow("pool metric, a pool") << 1 << u"elevenlabs"_s << true;
        QTest::newRow("pool metric, unknown pool") << 2 << u"openai"_s << false;
        QTest::newRow("pool metric, a tier") << 3 << u"free"_s << false;
        QTest::newRow("tier metric, a tier") << 4 << u"pro"_s << true;
        QTest::newRow("tier metric, a pool") << 4 << u"anthropic"_s << false;
        QTest::newRow("user metric, a tier") << 5 << u"enterprise"_s << true;
        QTest::newRow("user metric, unknown") << 5 << u"gold"_s << false;
    }

    void alertRuleTargets()
    {
        QFETCH(int, rule);
        QFETCH(QString, target);
        QFETCH(bool, valid);
        EngineConfig config = defaultConfig();
        config.alertRules[rule].target = target;
        const QList<FieldError> errors = validateConfig(config);
        if (valid) {
            QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
            return;
        }
        const QString field = u"alert_rules."_s + config.alertRules[rule].id + u".target"_s;
        QCOMPARE(fieldsOf(errors), QStringList{field});
        QVERIFY(errors.first().message.contains(u'"' + target + u'"'));
    }

    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("https") << u"https://api.example.com"_s << true;
        QTest::newRow("http with port and path") << u"http://localhost:8080/v1/"_s << true;
        QTest::newRow("ftp") << u"ftp://example.com"_s << false;
        QTest::newRow("no scheme") << u"api.example.com"_s << false;
        QTest::newRow("no host") << u"https://"_s << false;
        QTest::newRow("spaces") << u"https://exa mple.com"_s << false;
        QTest::newRow("words") << u"not a url"_s << false;
    }

    void urls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        EngineConfig pool = defaultConfig();
        pool.pools[1].upstreamUrl = url;
        const QList<FieldError> poolErrors = validateConfig(pool);
        QCOMPARE(poolErrors.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(fieldsOf(poolErrors), QStringList{u"pools.elevenlabs.upstream_url"_s});
            QVERIFY(poolErrors.first().message.contains(u"http:// or https://"_s));
        }
        EngineConfig webhook = defaultConfig();
        webhook.alertWebhookUrl = url;
        const QList<FieldError> webhookErrors = validateConfig(webhook);
        QCOMPARE(webhookErrors.isEmpty(), valid);
        if (!valid)
            QCOMPARE(fieldsOf(webhookErrors), QStringList{u"alert_webhook_url"_s});
    }

    void upstreamAuthHeader_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("x-api-key") << u"x-api-key"_s << true;
        QTest::newRow("authorization") << u"authorization"_s << true;
        QTest::newRow("xi-api-key") << u"xi-api-key"_s << true;
        QTest::newRow("other header") << u"x-token"_s << false;
        QTest::newRow("with colon") << u"x-api-key:"_s << false;
    }

    void upstreamAuthHeader()
    {
        QFETCH(QString, header);
        QFETCH(bool, valid);
        EngineConfig config = defaultConfig();
        config.pools[0].upstreamAuthHeader = header;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(errors.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(fieldsOf(errors), QStringList{u"pools.anthropic.upstream_auth_header"_s});
            QVERIFY(errors.first().message.contains(u"x-api-key, authorization, xi-api-key"_s));
        }
    }

    void redisDown_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("valid");
        QTest::newRow("fail_closed") << u"fail_closed"_s << true;
        QTest::newRow("local_share") << u"local_share"_s << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("fail_open") << u"fail_open"_s << false;
        QTest::newRow("capitals") << u"LOCAL_SHARE"_s << false;
    }

    void redisDown()
    {
        QFETCH(QString, mode);
        QFETCH(bool, valid);
        EngineConfig config = defaultConfig();
        QCOMPARE(config.pools[0].redisDown, u"fail_closed"_s);
        config.pools[0].redisDown = mode;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(errors.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(fieldsOf(errors), QStringList{u"pools.anthropic.redis_down"_s});
            QVERIFY2(errors.first().message.contains(u"fail_closed or local_share (got \""_s + mode),
                     qPrintable(errors.first().message));
        }
    }

    void upstreamKeyEnv()
    {
        EngineConfig config = defaultConfig();
        config.pools[0].upstreamKeyEnv = u"MY-KEY"_s;
        QCOMPARE(fieldsOf(validateConfig(config)),
                 QStringList{u"pools.anthropic.upstream_key_env"_s});
        config.pools[0].upstreamKeyEnv = u"_my_key_2"_s;
        QVERIFY(validateConfig(config).isEmpty());
    }

    void everyErrorIsCollected()
    {
        EngineConfig config = defaultConfig();
        config.pools[0].maxConcurrent = 0;
        config.pools[1].retry.maxRetries = 11;
        config.pools[2].upstreamUrl = u"nowhere"_s;
        config.tiers[1].priority = -1;
        config.defaultTier = u"missing"_s;
        config.alertRules[4].threshold = 2;
        config.quotaResetMinuteUtc = 1440;
        const QStringList fields = fieldsOf(validateConfig(config));
        const QStringList expected{
            u"quota_reset_minute_utc"_s,
            u"pools.anthropic.max_concurrent"_s,
            u"pools.elevenlabs.retry.max_retries"_s,
            u"pools.anam.upstream_url"_s,
            u"tiers.basic.priority"_s,
            u"default_tier"_s,
            u"alert_rules.tier-daily.threshold"_s,
        };
        QCOMPARE(fields, expected);
    }

    void singlePoolAndTier()
    {
        PoolConfig pool;
        pool.name = u"Bad"_s;
        pool.maxConcurrent = 0;
        QCOMPARE(fieldsOf(validatePool(pool, 4)),
                 (QStringList{u"pools.Bad.name"_s, u"pools.Bad.max_concurrent"_s}));
        TierConfig tier;
        tier.name = u"gold"_s;
        QVERIFY(validateTier(tier).isEmpty());
        tier.dailyCostUsd = 0.0;
        QVERIFY(errorFor(validateTier(tier), u"tiers.gold.daily_cost_usd"_s));
    }
};

QTEST_GUILESS_MAIN(TestConfigValidator)
#include "tst_configvalidator.moc"
