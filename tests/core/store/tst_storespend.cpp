#include "ResultChecks.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// Spend per day, pool and tier with credits, and rejections with their bounds, on a real
/// SQLite file.
class TestStoreSpend : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

    void commit(const StoreBatch &batch) { QVERIFY_OK(m_store->commit(batch)); }

    static RejectionRecord rejection(TimeMs at, qint32 day, const QString &user)
    {
        return {0, at, day, user, u"llm"_s, u"USER_LIMIT_EXCEEDED"_s, u"Daily limit reached"_s};
    }

private slots:
    void init()
    {
        m_store = std::make_unique<Store>();
        QVERIFY_OK(m_store->open(m_dir.filePath(
            u"spend-%1.db"_s.arg(QString::fromLatin1(QTest::currentTestFunction())))));
    }

    void historyIsPerDayPoolAndTierWithCredits()
    {
        StoreBatch batch;
        // Two users of one cell on day 10, one cell on day 11 and one outside the range.
        batch.addUsage({10, u"llm"_s, u"ann"_s, u"free"_s, 1, 100, 50, 16'500'000, 2});
        batch.addUsage({10, u"llm"_s, u"bob"_s, u"free"_s, 1, 100, 50, 1, 1});
        batch.addUsage({11, u"tts"_s, u"ann"_s, u"pro"_s, 3, 0, 0, 0, 0});
        batch.addUsage({9, u"llm"_s, u"ann"_s, u"free"_s, 1, 1, 1, 5, 1});
        commit(batch);
        const QList<PoolTierDay> days = m_store->usageHistoryByPoolTier(10, 11).value();
        QCOMPARE(days.size(), 2);
        QCOMPARE(days[0].day, 10);
        QCOMPARE(days[0].pool, u"llm"_s);
        QCOMPARE(days[0].totals.requests, 2);
        QCOMPARE(days[0].totals.costNanoUsd, 16'500'001);
        QCOMPARE(days[0].totals.credits, 3);
        QCOMPARE(days[1].day, 11);
        QCOMPARE(days[1].tier, u"pro"_s);
        QCOMPARE(days[1].totals.requests, 3);
    }

    void rejectionsAreTheUsersOfThatDayNewestFirst()
    {
        StoreBatch batch;
        batch.appendRejection(rejection(1000, 10, u"ann"_s));
        batch.appendRejection(rejection(2000, 10, u"bob"_s));
        batch.appendRejection(rejection(3000, 10, u"ann"_s));
        batch.appendRejection(rejection(4000, 11, u"ann"_s));
        commit(batch);
        const QList<RejectionRecord> ann = m_store->rejections(u"ann"_s, 10, 10).value();
        QCOMPARE(ann.size(), 2);
        QCOMPARE(ann[0].at, 3000);
        QCOMPARE(ann[1].at, 1000);
        QCOMPARE(ann[0].message, u"Daily limit reached"_s);
        QCOMPARE(m_store->rejections(u"ann"_s, 10, 1).value().size(), 1);
    }

    void pruningKeepsTheNewestRowsOfRecentDays()
    {
        StoreBatch batch;
        for (int i = 0; i < 10; ++i)
            batch.appendRejection(rejection(1000 + i, 5 + i / 5, u"ann"_s)); // days 5 and 6
        commit(batch);
        StoreBatch more;
        more.appendRejection(rejection(5000, 7, u"ann"_s));
        more.pruneRejections(6, 4); // day 5 goes; of the rest, the newest 4 stay
        commit(more);
        QCOMPARE(m_store->rejectionCount().value(), 4);
        QCOMPARE(m_store->rejections(u"ann"_s, 5, 0).value().size(), 0);
        QCOMPARE(m_store->rejections(u"ann"_s, 6, 0).value().size(), 3);
        QCOMPARE(m_store->rejections(u"ann"_s, 6, 0).value().last().at, 1007);
        QCOMPARE(m_store->rejections(u"ann"_s, 7, 0).value().size(), 1);
    }

    void batchesMergeRejectionsInOrder()
    {
        StoreBatch first;
        first.appendRejection(rejection(1000, 10, u"ann"_s));
        StoreBatch second;
        second.appendRejection(rejection(2000, 10, u"ann"_s));
        second.pruneRejections(0, 1);
        first.merge(std::move(second));
        QCOMPARE(first.size(), 3);
        commit(first);
        const QList<RejectionRecord> kept = m_store->rejections(u"ann"_s, 10, 0).value();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().at, 2000);
    }
};

QTEST_GUILESS_MAIN(TestStoreSpend)
#include "tst_storespend.moc"
