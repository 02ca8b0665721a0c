#include "RuntimeFixture.h"

#include "control/PoolHistory.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// PoolHistory on a real engine (durable runtime, manual clock): one sample per interval,
/// bounded by the retention, read back after a time, pools that came later marked absent.
class TestPoolHistory : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kStart = EngineFixture::kStart;

    static EngineConfig twoPools()
    {
        EngineConfig config = EngineFixture::defaultTestConfig();
        config.pools.first().leaseIdleTimeoutMs = 3600'000;
        return config;
    }

private slots:
    void theRuntimeSamplesOncePerInterval()
    {
        RuntimeFixture f;
        f.writeConfig(twoPools());
        QVERIFY(f.open());
        QVERIFY(f.acquire(u"ann"_s).outcome == Outcome::Granted);
        for (int step = 0; step < 10; ++step) { // every 400 ms for 4 s
            f.clock.advance(400);
            f.runtime->advance();
        }
        const SampleHistory all = f.runtime->history().since(0);
        QCOMPARE(all.intervalMs, PoolHistory::kIntervalMs);
        QCOMPARE(all.now, kStart + 4000);
        // Opening samples at kStart (nothing in use yet); then whenever a second has passed.
        QCOMPARE(all.at, (QList<TimeMs>{kStart, kStart + 1200, kStart + 2400, kStart + 3600}));
        QCOMPARE(all.pools.size(), 1);
        QCOMPARE(all.pools.first().pool, u"llm"_s);
        QCOMPARE(all.pools.first().inUse, (QList<qint64>{0, 1, 1, 1}));
        QCOMPARE(all.pools.first().requests, (QList<qint64>{0, 1, 1, 1}));

        const SampleHistory later = f.runtime->history().since(kStart + 1200);
        QCOMPARE(later.at, (QList<TimeMs>{kStart + 2400, kStart + 3600}));
        QCOMPARE(later.pools.first().waiting, (QList<qint64>{0, 0}));
        QVERIFY(f.runtime->history().since(kStart + 3600).at.isEmpty());
    }

    void keepsOnlyTheRetention()
    {
        EngineFixture e;
        PoolHistory history(e.start(), 1000, 5000);
        QCOMPARE(history.capacity(), 5);
        for (int second = 0; second < 20; ++second) {
            history.sample();
            history.sample(); // same moment: no second sample
            e.clock.advance(1000);
        }
        QCOMPARE(history.size(), 5);
        const SampleHistory kept = history.since(0);
        QCOMPARE(kept.at.first(), kStart + 15'000);
        QCOMPARE(kept.at.last(), kStart + 19'000);

        // A pause longer than the retention leaves only the new sample.
        e.clock.advance(60'000);
        history.sample();
        QCOMPARE(history.since(0).at, (QList<TimeMs>{kStart + 80'000}));
    }

    void aPoolAddedLaterIsAbsentBefore()
    {
        EngineFixture e;
        PoolHistory history(e.start());
        history.sample();
        e.clock.advance(1000);
        EngineConfig more = e.config;
        PoolConfig tts = more.pools.first();
        tts.name = u"tts"_s;
        more.pools.append(tts);
        e.engine->reconfigure(more);
        history.sample();
        const SampleHistory read = history.since(0);
        QCOMPARE(read.pools.size(), 2);
        QCOMPARE(read.pools.at(1).pool, u"tts"_s);
        QCOMPARE(read.pools.at(1).inUse, (QList<qint64>{PoolSeries::kAbsent, 0}));
        QCOMPARE(read.pools.at(0).inUse, (QList<qint64>{0, 0}));
    }
};

QTEST_GUILESS_MAIN(TestPoolHistory)
#include "tst_poolhistory.moc"
