#include "EngineFixture.h"

#include "cost/PriceTable.h"
#include "engine/QuotaDay.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestEngineAdmission : public QObject
{
    Q_OBJECT

private slots:
    void grantsWithinLimits()
    {
        EngineFixture f;
        f.start();
        const Decision d = f.acquire(u"alice"_s, {}, 100);
        QVERIFY(d.granted());
        QVERIFY(d.id != 0);
        QCOMPARE(d.limit, 10);
        QCOMPARE(d.remaining, 9);
        QCOMPARE(d.resetAt, EngineFixture::kStart + 14 * 3600'000);  // next 00:00 UTC
        const PoolStatus s = f.status();
        QCOMPARE(s.inUse, 1);
        QCOMPARE(s.windowRequests, 1);
        QCOMPARE(s.windowTokens, 100);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }

    // Each row makes several checks fail at once; the first in SPEC order must decide.
    void checksRunInOrder_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<Reason>("reason");
        QTest::newRow("quota before everything") << u"quota+user+pool"_s
                                                 << int(Outcome::Rejected) << Reason::UserLimitExceeded;
        QTest::newRow("user concurrency before pool") << u"user+pool"_s << int(Outcome::Queued)
                                                      << Reason::UserConcurrency;
        QTest::newRow("pool concurrency before rpm") << u"pool+rpm"_s << int(Outcome::Queued)
                                                     << Reason::PoolConcurrency;
        QTest::newRow("rpm before tpm") << u"rpm+tpm"_s << int(Outcome::Queued)
                                        << Reason::RequestsPerMinute;
        QTest::newRow("tpm") << u"tpm"_s << int(Outcome::Queued) << Reason::TokensPerMinute;
    }

    void checksRunInOrder()
    {
        QFETCH(QString, scenario);
        QFETCH(int, outcome);
        QFETCH(Reason, reason);
        EngineFixture f;
        f.pool().maxQueueLength = 100;
        f.pool().requestsPerMinute = 3;
        f.tier(0).dailyRequests = 3;
        f.start();
        qint64 tokens = 10;
        if (scenario == u"quota+user+pool") {
            // alice uses 2, bob fills the pool, then alice's third and fourth.
            QVERIFY(f.acquire(u"alice"_s).granted());
            QVERIFY(f.engine->release(f.acquire(u"bob"_s).id));
            f.advance(60'000);
            QVERIFY(f.acquire(u"alice2"_s).granted());
            f.tier(0).dailyRequests = 1;
            QVERIFY(f.engine->reconfigure(f.config));
            tokens = 2000;  // would also break the token window
        } else if (scenario == u"user+pool") {
            QVERIFY(f.acquire(u"alice"_s).granted());
            QVERIFY(f.acquire(u"bob"_s).granted());
        } else if (scenario == u"pool+rpm") {
            QVERIFY(f.acquire(u"bob"_s).granted());
            QVERIFY(f.acquire(u"carol"_s).granted());
            f.pool().requestsPerMinute = 2;
            QVERIFY(f.engine->reconfigure(f.config));
        } else if (scenario == u"rpm+tpm") {
            for (const QString &u : {u"b"_s, u"c"_s, u"d"_s})
                QVERIFY(f.engine->release(f.acquire(u, {}, 300).id));
            tokens = 500;
        } else if (scenario == u"tpm") {
            QVERIFY(f.engine->release(f.acquire(u"b"_s, {}, 900).id));
            tokens = 200;
        }
        const Decision d = f.acquire(u"alice"_s, {}, tokens);
        QCOMPARE(int(d.outcome), outcome);
        QCOMPARE(d.reason, reason);
    }

    void queuedOrRejectedConsumeNothing()
    {
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"a"_s).granted());
        QVERIFY(f.acquire(u"b"_s).granted());
        const PoolStatus before = f.status();
        const Decision queued = f.acquire(u"c"_s, {}, 50);
        QVERIFY(queued.queued());
        const Decision refused = f.acquire(u"d"_s, {}, 50, false);
        QCOMPARE(refused.reason, Reason::RateLimited);
        const PoolStatus after = f.status();
        QCOMPARE(after.windowRequests, before.windowRequests);
        QCOMPARE(after.windowTokens, before.windowTokens);
        QCOMPARE(after.inUse, before.inUse);
        QCOMPARE(f.engine->userQuota(u"c"_s).requestsToday, 0);
        QCOMPARE(f.engine->userQuota(u"d"_s).requestsToday, 0);
        QCOMPARE(f.engine->tierUsageToday().value(u"free"_s).requests, 2);
    }

    void userLimitCarriesResetTime()
    {
        EngineFixture f;
        f.tier(0).dailyRequests = 2;
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id));
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id));
        const Decision d = f.acquire(u"alice"_s);
        QVERIFY(d.rejected());
        QCOMPARE(d.reason, Reason::UserLimitExceeded);
        QCOMPARE(d.message, u"Daily limit of 2 requests reached"_s);
        QCOMPARE(d.resetAt, EngineFixture::kStart + 14 * 3600'000);
        QCOMPARE(d.retryAfterMs, 14 * 3600'000);
        QCOMPARE(f.status().waiting, 0);  // never queued
        QVERIFY(f.acquire(u"bob"_s).granted());  // others keep working
    }

    void quotaResetsAtTheConfiguredTime_data()
    {
        QTest::addColumn<int>("resetMinute");
        QTest::addColumn<qint64>("msUntilReset");
        QTest::newRow("midnight UTC") << 0 << qint64(14 * 3600'000);
        QTest::newRow("06:30 UTC") << 390 << qint64(20 * 3600'000 + 30 * 60'000);
    }

    void quotaResetsAtTheConfiguredTime()
    {
        QFETCH(int, resetMinute);
        QFETCH(qint64, msUntilReset);
        EngineFixture f;
        f.tier(0).dailyRequests = 1;
        f.config.quotaResetMinuteUtc = resetMinute;
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id));
        QCOMPARE(f.acquire(u"alice"_s).resetAt, EngineFixture::kStart + msUntilReset);
        f.advance(msUntilReset - 1);
        QCOMPARE(f.acquire(u"alice"_s).reason, Reason::UserLimitExceeded);
        f.advance(1);
        QVERIFY(f.acquire(u"alice"_s).granted());
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 1);
    }

    void tokenAndCostQuotas()
    {
        EngineFixture f;
        f.pool().tokensPerMinute.reset();
        f.tier(0).dailyTokens = 1000;
        f.tier(0).dailyCostUsd = 0.02;
        f.tier(0).dailyRequests = 100;
        f.tier(0).maxConcurrentPerUser = 5;
        f.start();
        PriceTable prices({ModelPrice{u"m"_s, 3.0, 15.0}});
        f.engine->setPriceTable(&prices);
        const Decision big = f.acquire(u"alice"_s, {}, 1001);
        QCOMPARE(big.reason, Reason::UserLimitExceeded);
        QCOMPARE(big.message, u"Daily limit of 1000 tokens reached"_s);
        // 1500 in + 800 out at $3/$15 per million = $0.0165; the second crosses $0.02.
        Usage usage{1500, 800, u"m"_s, false};
        f.tier(0).dailyTokens = 100000;
        QVERIFY(f.engine->reconfigure(f.config));
        QVERIFY(f.engine->release(f.acquire(u"alice"_s, {}, 10).id, usage));
        QCOMPARE(f.engine->userQuota(u"alice"_s).costNanoUsdToday, 16'500'000);
        QCOMPARE(f.engine->userQuota(u"alice"_s).tokensToday, 2300);
        QVERIFY(f.engine->release(f.acquire(u"alice"_s, {}, 10).id, usage));
        const Decision broke = f.acquire(u"alice"_s);
        QCOMPARE(broke.reason, Reason::UserLimitExceeded);
        QCOMPARE(broke.message, u"Daily spending limit of $0.02 reached"_s);
    }

    void refundGivesTheRequestBack()
    {
        EngineFixture f;
        f.tier(0).dailyRequests = 1;
        f.start();
        Usage failed;
        failed.refund = true;
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id, failed));
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
        QVERIFY(f.acquire(u"alice"_s).granted());
        QCOMPARE(f.status().windowRequests, 2);  // the upstream saw both: the window keeps them
    }

    void badInputIsRejectedAndChangesNothing_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("tier");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<qint64>("timeout");
        QTest::addColumn<Reason>("reason");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown pool") << u"nope"_s << u"u"_s << QString() << qint64(0) << qint64(0)
                                      << Reason::UnknownPool << u"unknown pool 'nope'"_s;
        QTest::newRow("empty user") << u"llm"_s << QString() << QString() << qint64(0) << qint64(0)
                                    << Reason::InvalidRequest << u"user must not be empty"_s;
        QTest::newRow("negative tokens") << u"llm"_s << u"u"_s << QString() << qint64(-5) << qint64(0)
                                         << Reason::InvalidRequest << u"tokens must be 0 or more (got -5)"_s;
        QTest::newRow("unknown tier") << u"llm"_s << u"u"_s << u"gold"_s << qint64(0) << qint64(0)
                                      << Reason::InvalidRequest << u"unknown tier 'gold'"_s;
        QTest::newRow("negative timeout") << u"llm"_s << u"u"_s << QString() << qint64(0) << qint64(-1)
                                          << Reason::InvalidRequest
                                          << u"timeout_ms must be 0 or more (got -1)"_s;
        QTest::newRow("more tokens than the pool admits per minute")
            << u"llm"_s << u"u"_s << QString() << qint64(1001) << qint64(0) << Reason::InvalidRequest
            << u"tokens exceed the pool's tokens_per_minute (1000) and could never be admitted"_s;
        QTest::newRow("user id too long") << u"llm"_s << QString(300, u'x') << QString() << qint64(0)
                                          << qint64(0) << Reason::InvalidRequest
                                          << u"user and context_id must be at most 256 characters"_s;
    }

    void badInputIsRejectedAndChangesNothing()
    {
        QFETCH(QString, pool);
        QFETCH(QString, user);
        QFETCH(QString, tier);
        QFETCH(qint64, tokens);
        QFETCH(qint64, timeout);
        QFETCH(Reason, reason);
        QFETCH(QString, message);
        EngineFixture f;
        f.start();
        QVERIFY(f.acquire(u"existing"_s).granted());
        AcquireRequest request;
        request.pool = pool;
        request.user = user;
        request.tier = tier;
        request.tokens = tokens;
        request.timeoutMs = timeout;
        const Decision d = f.engine->acquire(request);
        QVERIFY(d.rejected());
        QCOMPARE(d.reason, reason);
        QCOMPARE(d.message, message);
        QCOMPARE(d.id, RequestId(0));
        const PoolStatus s = f.status();
        QCOMPARE(s.inUse, 1);
        QCOMPARE(s.windowRequests, 1);
        QCOMPARE(s.waiting, 0);
        QCOMPARE(f.engine->userQuota(u"existing"_s).requestsToday, 1);
        if (reason != Reason::UnknownPool && !user.isEmpty() && user.size() <= 256)
            QVERIFY(!f.engine->userQuota(user).known || reason == Reason::InvalidRequest);
    }

    void tierChangesTakeEffectAtOnce()
    {
        EngineFixture f;
        f.tier(0).dailyRequests = 1;
        f.start();
        QVERIFY(f.engine->release(f.acquire(u"alice"_s).id));
        QCOMPARE(f.acquire(u"alice"_s).reason, Reason::UserLimitExceeded);
        // The application says alice is on pro now.
        const Decision upgraded = f.acquire(u"alice"_s, u"pro"_s);
        QVERIFY(upgraded.granted());
        QCOMPARE(upgraded.limit, 100);
        QCOMPARE(f.engine->userQuota(u"alice"_s).tier, u"pro"_s);
        // An admin pins her to free: requests naming pro no longer change it.
        QVERIFY(f.engine->setUserTier(u"alice"_s, u"free"_s));
        QCOMPARE(f.acquire(u"alice"_s, u"pro"_s).reason, Reason::UserLimitExceeded);
        QVERIFY(f.engine->userQuota(u"alice"_s).tierPinned);
        QCOMPARE(f.engine->setUserTier(u"alice"_s, u"gold"_s).error().code,
                 reasonCode(Reason::InvalidRequest));
    }
};

QTEST_GUILESS_MAIN(TestEngineAdmission)
#include "tst_engineadmission.moc"
