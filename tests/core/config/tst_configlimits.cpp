#include "config/ConfigLimits.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"

#include <QSet>
#include <QTest>

#include <cmath>

using namespace sluice;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sluice::LimitField)

namespace {

// Sets one bounded field of the default config's first pool, tier, rule or price, written
// out field by field so that the test does not trust the code under test for the mapping.
void setField(EngineConfig &config, LimitField field, double value)
{
    PoolConfig &pool = config.pools[0];
    TierConfig &tier = config.tiers[0];
    AlertRule &rule = config.alertRules[0];
    ModelPrice &price = config.pricing[0];
    switch (field) {
    case LimitField::QuotaResetMinuteUtc: config.quotaResetMinuteUtc = int(value); break;
    case LimitField::AgingMs: config.agingMs = qint64(value); break;
    case LimitField::MaxConcurrent: pool.maxConcurrent = int(value); break;
    case LimitField::RequestsPerMinute: pool.requestsPerMinute = int(value); break;
    case LimitField::TokensPerMinute: pool.tokensPerMinute = qint64(value); break;
    case LimitField::MaxQueueLength: pool.maxQueueLength = int(value); break;
    case LimitField::QueueTimeoutMs: pool.queueTimeoutMs = qint64(value); break;
    case LimitField::LeaseIdleTimeoutMs: pool.leaseIdleTimeoutMs = qint64(value); break;
    case LimitField::MaxRetries: pool.retry.maxRetries = int(value); break;
    case LimitField::BaseDelayMs: pool.retry.baseDelayMs = int(value); break;
    case LimitField::MaxDelayMs: pool.retry.maxDelayMs = int(value); break;
    case LimitField::BackoffFactor: pool.retry.backoffFactor = value; break;
    case LimitField::DailyRequests: tier.dailyRequests = qint64(value); break;
    case LimitField::DailyTokens: tier.dailyTokens = qint64(value); break;
    case LimitField::DailyCostUsd: tier.dailyCostUsd = value; break;
    case LimitField::Priority: tier.priority = int(value); break;
    case LimitField::MaxConcurrentPerUser: tier.maxConcurrentPerUser = int(value); break;
    case LimitField::Threshold: rule.threshold = value; break;
    case LimitField::ClearBelow: rule.clearBelow = value; break;
    case LimitField::PendingMs: rule.pendingMs = qint64(value); break;
    case LimitField::InputPerMillion: price.inputPerMillionUsd = value; break;
    case LimitField::OutputPerMillion: price.outputPerMillionUsd = value; break;
    }
}

QString expectedPath(const ConfigLimit &limit)
{
    switch (limit.scope) {
    case LimitScope::Global: return QString(limit.key);
    case LimitScope::Pool: return u"pools.anthropic."_s + limit.key;
    case LimitScope::Retry: return u"pools.anthropic.retry."_s + limit.key;
    case LimitScope::Tier: return u"tiers.free."_s + limit.key;
    case LimitScope::AlertRule: return u"alert_rules.pool-concurrency."_s + limit.key;
    case LimitScope::Pricing: return u"pricing.claude-3-5-sonnet-20241022."_s + limit.key;
    }
    return QString();
}

QList<FieldError> rangeErrorsFor(const QList<FieldError> &errors, const QString &path)
{
    QList<FieldError> found;
    for (const FieldError &error : errors) {
        if (error.field == path && error.message.contains(u"must be between"_s))
            found << error;
    }
    return found;
}

} // namespace

class TestConfigLimits : public QObject
{
    Q_OBJECT

private slots:
    void tableIsConsistent()
    {
        QSet<QString> keys;
        for (const ConfigLimit &limit : configLimits()) {
            const QString key = QString(limit.key);
            QVERIFY2(limit.min < limit.max, qPrintable(key));
            QVERIFY(!limit.label.isEmpty());
            QVERIFY(limit.integral ? limit.decimals == 0 : limit.decimals > 0);
            QVERIFY2(!keys.contains(QString::number(int(limit.scope)) + key), qPrintable(key));
            keys.insert(QString::number(int(limit.scope)) + key);
            QCOMPARE(&configLimit(limit.field), &limit);
            QCOMPARE(findConfigLimit(limit.scope, key), &limit);
        }
        QCOMPARE(findConfigLimit(LimitScope::Pool, u"max_retries"), nullptr);
        QCOMPARE(findConfigLimit(LimitScope::Retry, u"max_retries")->field, LimitField::MaxRetries);
    }

    void specRanges_data()
    {
        QTest::addColumn<LimitField>("field");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<bool>("integral");
        QTest::newRow("requests_per_minute") << LimitField::RequestsPerMinute << 1.0 << 1e5 << true;
        QTest::newRow("max_concurrent") << LimitField::MaxConcurrent << 1.0 << 1e4 << true;
        QTest::newRow("tokens_per_minute") << LimitField::TokensPerMinute << 1.0 << 1e8 << true;
        QTest::newRow("max_retries") << LimitField::MaxRetries << 0.0 << 10.0 << true;
        QTest::newRow("base_delay_ms") << LimitField::BaseDelayMs << 100.0 << 1e4 << true;
        QTest::newRow("max_delay_ms") << LimitField::MaxDelayMs << 1000.0 << 120000.0 << true;
        QTest::newRow("backoff_factor") << LimitField::BackoffFactor << 1.0 << 5.0 << false;
        QTest::newRow("max_queue_length") << LimitField::MaxQueueLength << 0.0 << 1e6 << true;
        QTest::newRow("daily_cost_usd") << LimitField::DailyCostUsd << 0.01 << 1e6 << false;
        QTest::newRow("quota_reset_minute_utc") << LimitField::QuotaResetMinuteUtc << 0.0 << 1439.0
                                                << true;
    }

    void specRanges()
    {
        QFETCH(LimitField, field);
        QFETCH(double, min);
        QFETCH(double, max);
        QFETCH(bool, integral);
        QCOMPARE(configLimit(field).min, min);
        QCOMPARE(configLimit(field).max, max);
        QCOMPARE(configLimit(field).integral, integral);
    }

    void defaultConfigIsValid()
    {
        const QList<FieldError> errors = validateConfig(defaultConfig());
        QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
    }

    void boundsThroughValidator_data()
    {
        QTest::addColumn<LimitField>("field");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("valid");
        for (const ConfigLimit &limit : configLimits()) {
            const double step = std::pow(10.0, -limit.decimals);
            const QByteArray key = QString(limit.key).toUtf8();
            QTest::addRow("%s at min", key.constData()) << limit.field << limit.min << true;
            QTest::addRow("%s at max", key.constData()) << limit.field << limit.max << true;
            QTest::addRow("%s below min", key.constData())
                << limit.field << limit.min - step << false;
            QTest::addRow("%s above max", key.constData())
                << limit.field << limit.max + step << false;
        }
    }

    void boundsThroughValidator()
    {
        QFETCH(LimitField, field);
        QFETCH(double, value);
        QFETCH(bool, valid);
        const ConfigLimit &limit = configLimit(field);
        EngineConfig config = defaultConfig();
        setField(config, field, value);
        const QString path = expectedPath(limit);
        const QList<FieldError> found = rangeErrorsFor(validateConfig(config), path);
        if (valid) {
            QVERIFY2(found.isEmpty(), qPrintable(describeErrors(found)));
            return;
        }
        QCOMPARE(found.size(), 1);
        const QString expected = path + u" must be between "_s + formatConfigNumber(limit.min)
                                 + u" and "_s + formatConfigNumber(limit.max) + u" (got "_s
                                 + formatConfigNumber(value) + u')';
        QCOMPARE(found.first().message, expected);
    }

    void messageMatchesSpecExample()
    {
        EngineConfig config = defaultConfig();
        config.pools[0].requestsPerMinute = 0;
        const QList<FieldError> errors = validateConfig(config);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, u"pools.anthropic.requests_per_minute"_s);
        QCOMPARE(errors.first().message,
                 u"pools.anthropic.requests_per_minute must be between 1 and 100000 (got 0)"_s);
    }

    void checkLimitRejectsFractionsAndNan()
    {
        const auto fraction = checkLimit(LimitField::MaxRetries, u"r"_s, 2.5);
        QVERIFY(fraction);
        QCOMPARE(fraction->message, u"r must be an integer between 0 and 10 (got 2.5)"_s);
        QVERIFY(checkLimit(LimitField::BackoffFactor, u"b"_s, std::nan("")));
        QVERIFY(checkLimit(LimitField::BackoffFactor, u"b"_s, HUGE_VAL));
        QVERIFY(!checkLimit(LimitField::BackoffFactor, u"b"_s, 2.5));
        QVERIFY(checkLimit(LimitField::DailyTokens, u"t"_s, std::numeric_limits<qint64>::max()));
        QVERIFY(checkLimit(LimitField::DailyTokens, u"t"_s, std::numeric_limits<qint64>::min()));
    }

    void poolAndTierCounts_data()
    {
        QTest::addColumn<int>("pools");
        QTest::addColumn<int>("tiers");
        QTest::addColumn<QString>("field");
        QTest::newRow("255 of each") << 255 << 255 << QString();
        QTest::newRow("256 pools") << 256 << 1 << u"pools"_s;
        QTest::newRow("256 tiers") << 1 << 256 << u"tiers"_s;
        QTest::newRow("no pools") << 0 << 1 << u"pools"_s;
        QTest::newRow("no tiers") << 1 << 0 << u"tiers"_s;
    }

    void poolAndTierCounts()
    {
        QFETCH(int, pools);
        QFETCH(int, tiers);
        QFETCH(QString, field);
        EngineConfig config;
        for (int i = 0; i < pools; ++i) {
            config.pools << PoolConfig();
            config.pools.last().name = u"p"_s + QString::number(i);
        }
        for (int i = 0; i < tiers; ++i) {
            config.tiers << TierConfig();
            config.tiers.last().name = i == 0 ? u"free"_s : u"t"_s + QString::number(i);
        }
        const QList<FieldError> errors = validateConfig(config);
        if (field.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
        } else {
            const auto error = std::find_if(errors.cbegin(), errors.cend(),
                                            [&](const FieldError &e) { return e.field == field; });
            QVERIFY2(error != errors.cend(), qPrintable(describeErrors(errors)));
            QVERIFY2(error->message.contains(u"between 1 and 255"_s), qPrintable(error->message));
        }
    }
};

QTEST_GUILESS_MAIN(TestConfigLimits)
#include "tst_configlimits.moc"
