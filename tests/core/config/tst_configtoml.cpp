#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "config/DefaultConfig.h"
#include "config/TomlConfigReader.h"

#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

Result<EngineConfig> read(const QByteArray &document)
{
    return readTomlConfig(document, u"test.toml"_s);
}

QString dump(const EngineConfig &config)
{
    return QString::fromUtf8(QJsonDocument(configToJson(config)).toJson());
}

} // namespace

class TestConfigToml : public QObject
{
    Q_OBJECT

private slots:
    void exampleFileIsTheDefaultConfig()
    {
        const QString path = qEnvironmentVariable("SLUICE_SOURCE_DIR")
                             + u"/packaging/sluice.example.toml"_s;
        const Result<EngineConfig> result = readConfigFile(path);
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
        QVERIFY2(*result == defaultConfig(),
                 qPrintable(dump(*result) + u"\n!=\n"_s + dump(defaultConfig())));
        QVERIFY(validateConfig(*result).isEmpty());
    }

    void omittedKeysKeepDefaults()
    {
        const Result<EngineConfig> result = read("[pools.p]\n[tiers.free]\n");
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
        EngineConfig expected;
        expected.pools = {PoolConfig()};
        expected.pools[0].name = u"p"_s;
        expected.tiers = {TierConfig()};
        expected.tiers[0].name = u"free"_s;
        QVERIFY(*result == expected);
        QCOMPARE(result->pools[0].requestsPerMinute, std::nullopt);
        QCOMPARE(result->tiers[0].dailyTokens, std::nullopt);
    }

    void everyKeyIsRead()
    {
        const Result<EngineConfig> result = read(R"(
default_tier = "gold"
quota_reset_minute_utc = 90
aging_ms = 60000
alert_webhook_url = "https://hooks.example.com/x"
[pools.p]
max_concurrent = 7
requests_per_minute = 70
tokens_per_minute = 7000
max_queue_length = 700
queue_timeout_ms = 7000
lease_idle_timeout_ms = 8000
upstream_url = "http://localhost:9000"
upstream_key_env = "P_KEY"
upstream_auth_header = "authorization"
retry = { max_retries = 4, base_delay_ms = 200, max_delay_ms = 4000, backoff_factor = 1.5 }
[tiers.gold]
daily_requests = 1000
daily_tokens = 1000000000000
daily_cost_usd = 12.5
priority = 1000
max_concurrent_per_user = 3
[pricing."gpt-4.1"]
input_per_million = 2
output_per_million = 8.25
[[alert_rules]]
id = "gold-users"
metric = "user_daily"
target = "gold"
threshold = 0.9
clear_below = 0.5
pending_ms = 30000
enabled = false
)");
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
        const EngineConfig &c = *result;
        QCOMPARE(c.defaultTier, u"gold"_s);
        QCOMPARE(c.quotaResetMinuteUtc, 90);
        QCOMPARE(c.agingMs, 60000);
        QCOMPARE(c.alertWebhookUrl, u"https://hooks.example.com/x"_s);
        const PoolConfig &p = c.pools.at(0);
        QCOMPARE(p.maxConcurrent, 7);
        QCOMPARE(p.requestsPerMinute, 70);
        QCOMPARE(p.tokensPerMinute, 7000);
        QCOMPARE(p.maxQueueLength, 700);
        QCOMPARE(p.queueTimeoutMs, 7000);
        QCOMPARE(p.leaseIdleTimeoutMs, 8000);
        QCOMPARE(p.upstreamUrl, u"http://localhost:9000"_s);
        QCOMPARE(p.upstreamKeyEnv, u"P_KEY"_s);
        QCOMPARE(p.upstreamAuthHeader, u"authorization"_s);
        QVERIFY((p.retry == RetrySettings{4, 200, 4000, 1.5}));
        const TierConfig &t = c.tiers.at(0);
        QCOMPARE(t.dailyRequests, 1000);
        QCOMPARE(t.dailyTokens, 1'000'000'000'000);
        QCOMPARE(t.dailyCostUsd, 12.5);
        QCOMPARE(t.priority, 1000);
        QCOMPARE(t.maxConcurrentPerUser, 3);
        QVERIFY((c.pricing == QList<ModelPrice>{{u"gpt-4.1"_s, 2.0, 8.25}}));
        const AlertRule &r = c.alertRules.at(0);
        QCOMPARE(r.id, u"gold-users"_s);
        QCOMPARE(r.metric, AlertMetric::UserDailyQuota);
        QCOMPARE(r.target, u"gold"_s);
        QCOMPARE(r.threshold, 0.9);
        QCOMPARE(r.clearBelow, 0.5);
        QCOMPARE(r.pendingMs, 30000);
        QCOMPARE(r.enabled, false);
        QVERIFY(validateConfig(c).isEmpty());
    }

    void fileOrderIsKept()
    {
        const Result<EngineConfig> result = read(R"(
[pools.zeta]
[pools.alpha.retry]
[pools.mid]
[pools.alpha]
[tiers.z]
[tiers.a]
[pricing.m2]
[pricing.m1]
)");
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
        QStringList pools;
        for (const PoolConfig &pool : result->pools)
            pools << pool.name;
        QCOMPARE(pools, (QStringList{u"zeta"_s, u"alpha"_s, u"mid"_s}));
        QCOMPARE(result->tiers[0].name, u"z"_s);
        QCOMPARE(result->pricing[0].model, u"m2"_s);
    }

    void syntaxErrorsCarryLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<int>("line");
        QTest::newRow("missing value") << QByteArray("default_tier =\n") << 1;
        QTest::newRow("unclosed string") << QByteArray("a = 1\n\nb = \"open\n") << 3;
        QTest::newRow("unclosed array") << QByteArray("[pools.p]\nx = [1,\n") << 2;
        QTest::newRow("duplicate key") << QByteArray("aging_ms = 1\naging_ms = 2\n") << 2;
        QTest::newRow("integer beyond 64 bits")
            << QByteArray("[pools.p]\nmax_concurrent = 99999999999999999999\n") << 2;
        QTest::newRow("invalid UTF-8") << QByteArray("default_tier = \"\xff\xfe\"\n") << 1;
        QTest::newRow("NUL byte") << QByteArray("aging_ms = 1\0\n", 14) << 1;
        // toml++ 3.3.0 reaches __builtin_unreachable() for U+00A1..U+0499, U+2C5E..U+3057 and
        // U+FB26..U+FEFE outside strings (tests/fuzz/README.md); the shipped library must
        // still answer with an error.
        QTest::newRow("U+FEEF alone") << QByteArray("\xef\xbb\xaf") << 1;
        QTest::newRow("U+FE0F after a value") << QByteArray("aging_ms = 1 \xef\xb8\x8f\n") << 1;
        QTest::newRow("U+FC06 in a key") << QByteArray("\naging\xef\xb0\x86 = 1\n") << 2;
        QTest::newRow("o with umlaut in a key") << QByteArray("p\xc3\xb6ols = 1\n") << 1;
        QTest::newRow("Greek table name") << QByteArray("[pools.\xcf\x85]\n") << 1;
        QTest::newRow("U+3001 after a value") << QByteArray("aging_ms = 1 \xe3\x80\x81\n") << 1;
        // Debug builds of toml++ 3.3.0 assert in parse_key() on these (found by fuzz_config).
        QTest::newRow("table name starting with a dot") << QByteArray("a = 1\n[.pools.b]\n") << 2;
        QTest::newRow("array of tables starting with a dot") << QByteArray("[[.a]]\n") << 1;
    }

    void unicodeInStringsAndComments()
    {
        // The code points above are fine where TOML allows them (U+FE0F: emoji presentation).
        const Result<EngineConfig> result =
            read("# \xe2\x9a\xa0\xef\xb8\x8f\ndefault_tier = \"free\"\n"
                 "alert_webhook_url = \"https://h\xc3\xa9.example/\xcf\x85\"\n[tiers.free]\n"
                 "daily_requests = 1 # \xef\xbb\xaf\n");
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
    }

    void syntaxErrorsCarryLineAndColumn()
    {
        QFETCH(QByteArray, document);
        QFETCH(int, line);
        const Result<EngineConfig> result = read(document);
        QCOMPARE(result.error().fields.size(), 1);
        const QString message = result.error().fields.first().message;
        const QRegularExpressionMatch match =
            QRegularExpression(u"^test\\.toml:(\\d+):(\\d+): \\S"_s).match(message);
        QVERIFY2(match.hasMatch(), qPrintable(message));
        QCOMPARE(match.captured(1).toInt(), line);
        QVERIFY(match.captured(2).toInt() >= 1);
        QCOMPARE(result.error().fields.first().line, line);
        QCOMPARE(result.error().fields.first().column, match.captured(2).toInt());
    }

    void unknownKeysAreRejected_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("hint");
        QTest::newRow("top level") << QByteArray("default_teir = \"free\"\n")
                                   << u"default_teir"_s << u"did you mean default_tier?"_s;
        QTest::newRow("pool") << QByteArray("[pools.p]\nmax_concurent = 5\n")
                              << u"pools.p.max_concurent"_s << u"did you mean max_concurrent?"_s;
        QTest::newRow("retry") << QByteArray("[pools.p.retry]\nbase_delay = 500\n")
                               << u"pools.p.retry.base_delay"_s << u"did you mean base_delay_ms?"_s;
        QTest::newRow("tier") << QByteArray("[tiers.t]\nname = \"t\"\n") << u"tiers.t.name"_s
                              << u"known keys: daily_requests"_s;
        QTest::newRow("pricing") << QByteArray("[pricing.m]\ninput = 1\n")
                                 << u"pricing.m.input"_s << u"known keys:"_s;
        QTest::newRow("alert rule")
            << QByteArray("[[alert_rules]]\nid = \"r\"\nthreshhold = 0.5\n")
            << u"alert_rules.r.threshhold"_s << u"did you mean threshold?"_s;
        QTest::newRow("unknown section") << QByteArray("[pool.p]\n") << u"pool"_s
                                         << u"did you mean pools?"_s;
    }

    void unknownKeysAreRejected()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, field);
        QFETCH(QString, hint);
        const Result<EngineConfig> result = read(document);
        QCOMPARE(result.error().fields.size(), 1);
        const FieldError &error = result.error().fields.first();
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(u"unknown key "_s + field), qPrintable(error.message));
        QVERIFY2(error.message.contains(hint), qPrintable(error.message));
        QVERIFY2(error.message.startsWith(u"test.toml:"_s), qPrintable(error.message));
    }

    void badValues_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("string for integer")
            << QByteArray("[pools.p]\nmax_concurrent = \"5\"\n") << u"pools.p.max_concurrent"_s
            << u"test.toml:2:18: pools.p.max_concurrent must be an integer between 1 and 10000 "
               u"(got \"5\")"_s;
        QTest::newRow("float for integer")
            << QByteArray("[pools.p]\nmax_concurrent = 5.0\n") << u"pools.p.max_concurrent"_s
            << u"test.toml:2:18: pools.p.max_concurrent must be an integer between 1 and 10000 "
               u"(got 5.0)"_s;
        QTest::newRow("fraction for integer")
            << QByteArray("[pools.p.retry]\nmax_retries = 2.5\n") << u"pools.p.retry.max_retries"_s
            << u"test.toml:2:15: pools.p.retry.max_retries must be an integer between 0 and 10 "
               u"(got 2.5)"_s;
        QTest::newRow("replica key of the wrong type")
            << QByteArray("redis_url = 6379\n") << u"redis_url"_s
            << u"test.toml:1:13: redis_url must be a string (got 6379)"_s;
        QTest::newRow("negative")
            << QByteArray("[tiers.t]\ndaily_requests = -5\n") << u"tiers.t.daily_requests"_s
            << u"test.toml:2:18: tiers.t.daily_requests must be between 0 and 1000000000 "
               u"(got -5)"_s;
        QTest::newRow("beyond int")
            << QByteArray("[pools.p]\nmax_concurrent = 99999999999\n")
            << u"pools.p.max_concurrent"_s
            << u"test.toml:2:18: pools.p.max_concurrent must be between 1 and 10000 "
               u"(got 99999999999)"_s;
        QTest::newRow("int64 max")
            << QByteArray("[tiers.t]\ndaily_tokens = 9223372036854775807\n")
            << u"tiers.t.daily_tokens"_s
            << u"test.toml:2:16: tiers.t.daily_tokens must be between 1 and 1000000000000 "
               u"(got 9223372036854775807)"_s;
        QTest::newRow("int64 min")
            << QByteArray("aging_ms = -9223372036854775808\n") << u"aging_ms"_s
            << u"test.toml:1:12: aging_ms must be between 0 and 3600000 "
               u"(got -9223372036854775808)"_s;
        QTest::newRow("nan")
            << QByteArray("[pools.p.retry]\nbackoff_factor = nan\n")
            << u"pools.p.retry.backoff_factor"_s
            << u"test.toml:2:18: pools.p.retry.backoff_factor must be between 1 and 5 (got nan)"_s;
        QTest::newRow("infinity")
            << QByteArray("[[alert_rules]]\nid = \"r\"\nthreshold = inf\n")
            << u"alert_rules.r.threshold"_s
            << u"test.toml:3:13: alert_rules.r.threshold must be between 0.01 and 1 (got inf)"_s;
        QTest::newRow("integer for string")
            << QByteArray("[pools.p]\nupstream_url = 5\n") << u"pools.p.upstream_url"_s
            << u"test.toml:2:16: pools.p.upstream_url must be a string (got 5)"_s;
        QTest::newRow("string for boolean")
            << QByteArray("[[alert_rules]]\nenabled = \"yes\"\n") << u"alert_rules[0].enabled"_s
            << u"test.toml:2:11: alert_rules[0].enabled must be true or false (got \"yes\")"_s;
        QTest::newRow("unknown metric")
            << QByteArray("[[alert_rules]]\nid = \"r\"\nmetric = \"cpu\"\n")
            << u"alert_rules.r.metric"_s
            << u"test.toml:3:10: alert_rules.r.metric must be one of pool_concurrency, pool_rpm, "
               u"pool_tpm, pool_queue, tier_daily, user_daily (got \"cpu\")"_s;
        QTest::newRow("pools not a table")
            << QByteArray("pools = 5\n") << u"pools"_s
            << u"test.toml:1:9: pools must be a table (got 5)"_s;
        QTest::newRow("pool not a table")
            << QByteArray("[pools]\np = [1]\n") << u"pools.p"_s
            << u"test.toml:2:5: pools.p must be a table (got an array)"_s;
        QTest::newRow("retry not a table")
            << QByteArray("[pools.p]\nretry = 3\n") << u"pools.p.retry"_s
            << u"test.toml:2:9: pools.p.retry must be a table (got 3)"_s;
        QTest::newRow("alert rules not an array")
            << QByteArray("[alert_rules]\nid = \"x\"\n") << u"alert_rules"_s
            << u"test.toml:1:1: alert_rules must be an array of tables (got a table)"_s;
        QTest::newRow("alert rule not a table")
            << QByteArray("alert_rules = [1]\n") << u"alert_rules[0]"_s
            << u"test.toml:1:16: alert_rules[0] must be a table (got 1)"_s;
        QTest::newRow("date for integer")
            << QByteArray("aging_ms = 2024-01-01\n") << u"aging_ms"_s
            << u"test.toml:1:12: aging_ms must be an integer between 0 and 3600000 "
               u"(got a date or time)"_s;
    }

    void badValues()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const Result<EngineConfig> result = read(document);
        QVERIFY2(result.error().fields.size() == 1,
                 qPrintable(describeErrors(result.error().fields)));
        QCOMPARE(result.error().fields.first().field, field);
        QCOMPARE(result.error().fields.first().message, message);
        // The place in the message is the error's line and column.
        const QRegularExpressionMatch place =
            QRegularExpression(u"^test\\.toml:(\\d+):(\\d+): "_s).match(message);
        QVERIFY2(place.hasMatch(), qPrintable(message));
        QCOMPARE(result.error().fields.first().line, place.captured(1).toInt());
        QCOMPARE(result.error().fields.first().column, place.captured(2).toInt());
    }

    void replicaKeysAreTheReplicasAlone()
    {
        const QByteArray shared = "[pools.p]\n[tiers.free]\n";
        ReplicaSettings replica;
        const Result<EngineConfig> withKeys =
            readTomlConfig("redis_url = \"redis://10.0.0.5:6379/1\"\ndeployment = \"prod\"\n"
                           "replica = \"a\"\n" + shared,
                           u"test.toml"_s, &replica);
        QVERIFY2(withKeys.ok(), qPrintable(describeErrors(withKeys.error().fields)));
        QCOMPARE(replica.redisUrl, u"redis://10.0.0.5:6379/1"_s);
        QCOMPARE(replica.deployment, u"prod"_s);
        QCOMPARE(replica.replica, u"a"_s);
        // Not part of the configuration the deployment shares.
        QVERIFY(*withKeys == *read(shared));
    }

    void aBadValueIsTheOnlyErrorOfItsTable()
    {
        // A rejected document has no value (Result): what is checked is that the bad field
        // is named alone, and its neighbour read without complaint.
        const Result<EngineConfig> result =
            read("[pools.p]\nmax_concurrent = 0\nrequests_per_minute = 9\n");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, errors::kValidationFailed);
        QCOMPARE(result.error().fields.size(), 1);
        QCOMPARE(result.error().fields.first().field, u"pools.p.max_concurrent"_s);
    }

    void integerForRealField()
    {
        const Result<EngineConfig> result =
            read("[pools.p.retry]\nbackoff_factor = 3\n[tiers.t]\ndaily_cost_usd = 5\n");
        QVERIFY2(result.ok(), qPrintable(describeErrors(result.error().fields)));
        QCOMPARE(result->pools.at(0).retry.backoffFactor, 3.0);
        QCOMPARE(result->tiers.at(0).dailyCostUsd, 5.0);
    }

    void everyErrorIsReported()
    {
        const Result<EngineConfig> result =
            read("colour = 1\n[pools.p]\nmax_concurrent = -1\nshape = 2\n[tiers.t]\npriority = "
                 "\"high\"\n");
        QCOMPARE(result.error().fields.size(), 4);
    }

    void emptyDocument()
    {
        const Result<EngineConfig> result = read(QByteArray());
        QVERIFY(result.ok());
        QVERIFY(*result == EngineConfig());
    }

    void missingFile()
    {
        const QString path = u"/nonexistent/dir/sluice.toml"_s;
        const Result<EngineConfig> result = readConfigFile(path);
        QCOMPARE(result.error().fields.size(), 1);
        QCOMPARE(
            result.error().fields.first().message,
            u"Cannot read the configuration file /nonexistent/dir/sluice.toml: no such file"_s);
    }

    void directoryInsteadOfFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Result<EngineConfig> result = readConfigFile(dir.path());
        QCOMPARE(result.error().fields.size(), 1);
        QVERIFY2(result.error().fields.first().message.contains(dir.path()),
                 qPrintable(result.error().fields.first().message));
        QVERIFY(result.error().fields.first().message.contains(u"directory"_s));
    }

    void fileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"bad.toml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[pools.p]\nmax_concurrent = 0\n");
        file.close();
        const Result<EngineConfig> result = readConfigFile(path);
        QCOMPARE(result.error().fields.size(), 1);
        QVERIFY2(result.error().fields.first().message.startsWith(path + u":2:18: "_s),
                 qPrintable(result.error().fields.first().message));
    }
};

QTEST_GUILESS_MAIN(TestConfigToml)
#include "tst_configtoml.moc"
