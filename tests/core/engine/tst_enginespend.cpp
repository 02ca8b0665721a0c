#include "EngineFixture.h"

#include "cost/PriceTable.h"
#include "engine/PoolStats.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// What releases are charged (SPEC section 3, "Cost"): the model's price in exact nano-USD,
/// credits rounded up per request, per user, pool and tier today; refunds charged nothing;
/// a model no entry prices charged nothing and counted as unpriced.
class TestEngineSpend : public QObject
{
    Q_OBJECT

private:
    PriceTable m_prices{{ModelPrice{u"claude-sonnet-4*"_s, 3.0, 15.0}}};

    static Usage used(qint64 input, qint64 output, const QString &model, bool refund = false)
    {
        Usage usage;
        usage.inputTokens = input;
        usage.outputTokens = output;
        usage.model = model;
        usage.refund = refund;
        return usage;
    }

    void start(EngineFixture &f)
    {
        f.tier(0).dailyRequests = 100;
        f.tier(0).maxConcurrentPerUser = 10;
        f.pool().tokensPerMinute.reset();
        f.start();
        f.engine->setPriceTable(&m_prices);
    }

private slots:
    void creditsAreRoundedUpPerRequest()
    {
        EngineFixture f;
        start(f);
        // SPEC's example: 1500 in at $3/M + 800 out at $15/M = $0.0165 = 2 credits. Twice:
        // $0.033 but 4 credits (rounded per request, not on the sum).
        for (int i = 0; i < 2; ++i)
            QVERIFY(f.engine->release(f.acquire(u"alice"_s).id,
                                      used(1500, 800, u"claude-sonnet-4-5"_s)));
        const UserQuota quota = f.engine->userQuota(u"alice"_s);
        QCOMPARE(quota.costNanoUsdToday, 33'000'000);
        QCOMPARE(quota.creditsToday, 4);
        const PoolStatus pool = f.status();
        QCOMPARE(pool.costNanoUsdToday, 33'000'000);
        QCOMPARE(pool.creditsToday, 4);
        const UsageCounters tier = f.engine->tierUsageToday().value(f.tier(0).name);
        QCOMPARE(tier.costNanoUsd, 33'000'000);
        QCOMPARE(tier.credits, 4);
        const PoolStats::TierCounters &since = f.engine->poolStats(u"llm"_s)->byTier[0];
        QCOMPARE(since.credits, 4);
        QCOMPARE(since.costNanoUsd, 33'000'000);
        QCOMPARE(since.unpriced, quint64(0));
    }

    void aRefundIsChargedNothing()
    {
        EngineFixture f;
        start(f);
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id,
                                  used(1500, 800, u"claude-sonnet-4-5"_s, true)));
        const UserQuota quota = f.engine->userQuota(u"alice"_s);
        QCOMPARE(quota.requestsToday, 0);
        QCOMPARE(quota.costNanoUsdToday, 0);
        QCOMPARE(quota.creditsToday, 0);
        QCOMPARE(quota.tokensToday, 2300); // the tokens were spent upstream: TPM counts them
        QCOMPARE(f.status().creditsToday, 0);
        QCOMPARE(f.engine->poolStats(u"llm"_s)->byTier[0].unpriced, quint64(0));
    }

    void anUnknownModelCostsNothingAndIsCountedUnpriced_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("no entry") << u"gpt-unknown"_s;
        QTest::newRow("no model named") << QString();
    }

    void anUnknownModelCostsNothingAndIsCountedUnpriced()
    {
        QFETCH(QString, model);
        EngineFixture f;
        start(f);
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id, used(1000, 1000, model)));
        const UserQuota quota = f.engine->userQuota(u"alice"_s);
        QCOMPARE(quota.requestsToday, 1);
        QCOMPARE(quota.costNanoUsdToday, 0);
        QCOMPARE(quota.creditsToday, 0);
        QCOMPARE(f.engine->poolStats(u"llm"_s)->byTier[0].unpriced, quint64(1));
    }

    void theDefaultEntryPricesEveryOtherModel()
    {
        EngineFixture f;
        start(f);
        const PriceTable withDefault({ModelPrice{u"*"_s, 1.0, 1.0}});
        f.engine->setPriceTable(&withDefault);
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id, used(1, 0, QString())));
        QCOMPARE(f.engine->userQuota(u"alice"_s).costNanoUsdToday, 1000); // $1/M * 1 token
        QCOMPARE(f.engine->userQuota(u"alice"_s).creditsToday, 1);
        QCOMPARE(f.engine->poolStats(u"llm"_s)->byTier[0].unpriced, quint64(0));
    }

    void spendStartsAgainWithTheQuotaDay()
    {
        EngineFixture f;
        start(f);
        QVERIFY(
            f.engine->release(f.acquire(u"alice"_s).id, used(1500, 800, u"claude-sonnet-4-5"_s)));
        f.advance(24 * 3600'000);
        QCOMPARE(f.status().creditsToday, 0);
        QCOMPARE(f.engine->userQuota(u"alice"_s).creditsToday, 0);
        QCOMPARE(f.engine->poolStats(u"llm"_s)->byTier[0].credits, 2); // since start
    }

    void spendSurvivesExportAndImport()
    {
        EngineFixture f;
        start(f);
        QVERIFY(
            f.engine->release(f.acquire(u"alice"_s).id, used(1500, 800, u"claude-sonnet-4-5"_s)));
        const EngineState state = f.engine->exportState();
        EngineFixture g;
        start(g);
        QVERIFY(g.engine->importState(state));
        QCOMPARE(g.engine->userQuota(u"alice"_s).creditsToday, 2);
        QCOMPARE(g.status().creditsToday, 2);
        QCOMPARE(g.status().costNanoUsdToday, 16'500'000);
    }
};

QTEST_GUILESS_MAIN(TestEngineSpend)
#include "tst_enginespend.moc"
