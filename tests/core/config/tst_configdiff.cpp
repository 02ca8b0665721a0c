#include "config/ConfigDiff.h"
#include "config/DefaultConfig.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

QString describe(const QList<ConfigChange> &changes)
{
    return describeChanges(changes);
}

} // namespace

class TestConfigDiff : public QObject
{
    Q_OBJECT

private slots:
    void sameConfigHasNoChanges()
    {
        QVERIFY(diffConfigs(defaultConfig(), defaultConfig()).isEmpty());
        QVERIFY(diffConfigs(EngineConfig(), EngineConfig()).isEmpty());
    }

    void oneLimit()
    {
        EngineConfig after = defaultConfig();
        after.pools[0].requestsPerMinute = 100;
        const QList<ConfigChange> changes = diffConfigs(defaultConfig(), after);
        QCOMPARE(changes, (QList<ConfigChange>{
                              {u"pools.anthropic.requests_per_minute"_s, u"50"_s, u"100"_s}}));
    }

    void absentValues()
    {
        EngineConfig after = defaultConfig();
        after.pools[1].requestsPerMinute = 30;
        after.pools[0].tokensPerMinute.reset();
        after.alertWebhookUrl = u"https://hooks.example.com/a"_s;
        after.tiers[0].dailyCostUsd = 0.5;
        const QString text = describe(diffConfigs(defaultConfig(), after));
        QCOMPARE(text, u"alert_webhook_url: (none) -> https://hooks.example.com/\u2026\n"
                       u"pools.anthropic.tokens_per_minute: 200000 -> unlimited\n"
                       u"pools.elevenlabs.requests_per_minute: unlimited -> 30\n"
                       u"tiers.free.daily_cost_usd: unlimited -> 0.5"_s);
    }

    /// A webhook URL carries its token in the path or query: a change names the host only,
    /// so neither the log line nor the audit entry made from it holds the secret.
    void webhookUrlIsRedacted()
    {
        EngineConfig before = defaultConfig();
        before.alertWebhookUrl = u"https://hooks.slack.com/services/T01/B02/oldSECRET"_s;
        EngineConfig after = before;
        after.alertWebhookUrl = u"https://user:pw@hooks.example.com:8443/x?token=newSECRET"_s;
        const QList<ConfigChange> changes = diffConfigs(before, after);
        QCOMPARE(changes,
                 (QList<ConfigChange>{{u"alert_webhook_url"_s, u"https://hooks.slack.com/\u2026"_s,
                                       u"https://hooks.example.com:8443/\u2026"_s}}));
        QVERIFY(!describe(changes).contains(u"SECRET"_s));
        QVERIFY(!describe(changes).contains(u"pw"_s));

        after.alertWebhookUrl = u"https://hooks.slack.com/services/T01/B02/newSECRET"_s;
        const QList<ConfigChange> sameHost = diffConfigs(before, after);
        QCOMPARE(sameHost.size(), 1);
        QVERIFY(sameHost[0].before != sameHost[0].after);
        QVERIFY(!describe(sameHost).contains(u"SECRET"_s));
    }

    void nestedAndNamedEntries()
    {
        EngineConfig after = defaultConfig();
        after.pools[2].retry.maxRetries = 0;
        after.pools[2].retry.backoffFactor = 1.5;
        after.alertRules[1].threshold = 0.9;
        after.alertRules[5].enabled = true;
        after.alertRules[4].metric = AlertMetric::UserDailyQuota;
        after.pricing[1].outputPerMillionUsd = 5;
        const QList<ConfigChange> changes = diffConfigs(defaultConfig(), after);
        const QList<ConfigChange> expected{
            {u"alert_rules.pool-rpm.threshold"_s, u"0.8"_s, u"0.9"_s},
            {u"alert_rules.tier-daily.metric"_s, u"tier_daily"_s, u"user_daily"_s},
            {u"alert_rules.user-daily.enabled"_s, u"false"_s, u"true"_s},
            {u"pools.anam.retry.backoff_factor"_s, u"2"_s, u"1.5"_s},
            {u"pools.anam.retry.max_retries"_s, u"3"_s, u"0"_s},
            {u"pricing.claude-3-5-haiku-20241022.output_per_million"_s, u"4"_s, u"5"_s},
        };
        QCOMPARE(changes, expected);
    }

    void addedAndRemovedEntriesAreOneChangeEach()
    {
        EngineConfig after = defaultConfig();
        PoolConfig openai;
        openai.name = u"openai"_s;
        openai.maxConcurrent = 8;
        after.pools << openai;
        after.tiers.removeAt(1);
        const QList<ConfigChange> changes = diffConfigs(defaultConfig(), after);
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].path, u"pools.openai"_s);
        QCOMPARE(changes[0].before, u"(none)"_s);
        QVERIFY2(changes[0].after.contains(u"\"max_concurrent\":8"_s),
                 qPrintable(changes[0].after));
        QVERIFY(!changes[0].after.contains(u"\"name\""_s));
        QCOMPARE(changes[1].path, u"tiers.basic"_s);
        QVERIFY2(changes[1].before.contains(u"\"daily_requests\":100"_s),
                 qPrintable(changes[1].before));
        QCOMPARE(changes[1].after, u"(none)"_s);
    }

    void reorderingIsNoChange()
    {
        EngineConfig after = defaultConfig();
        std::reverse(after.pools.begin(), after.pools.end());
        std::reverse(after.tiers.begin(), after.tiers.end());
        QVERIFY(diffConfigs(defaultConfig(), after).isEmpty());
    }

    void renamedPoolIsRemovedAndAdded()
    {
        EngineConfig after = defaultConfig();
        after.pools[2].name = u"avatar"_s;
        const QList<ConfigChange> changes = diffConfigs(defaultConfig(), after);
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].path, u"pools.anam"_s);
        QCOMPARE(changes[0].after, u"(none)"_s);
        QCOMPARE(changes[1].path, u"pools.avatar"_s);
        QCOMPARE(changes[1].before, u"(none)"_s);
    }

    void describeOneLinePerChange()
    {
        const QList<ConfigChange> changes{{u"a.b"_s, u"1"_s, u"2"_s}, {u"c"_s, u"x"_s, u"y"_s}};
        QCOMPARE(describeChanges(changes), u"a.b: 1 -> 2\nc: x -> y"_s);
        QCOMPARE(describeChanges({}), QString());
    }
};

QTEST_GUILESS_MAIN(TestConfigDiff)
#include "tst_configdiff.moc"
