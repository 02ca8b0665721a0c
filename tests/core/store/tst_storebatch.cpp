#include "store/StoreBatch.h"

#include "tst_storesupport.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

RequestRow request(RequestId id, qint64 tokens = 10)
{
    RequestRow row;
    row.id = id;
    row.pool = u"anthropic"_s;
    row.user = u"u1"_s;
    row.tier = u"free"_s;
    row.tokens = tokens;
    return row;
}

} // namespace

class TestStoreBatch : public QObject
{
    Q_OBJECT

private slots:
    void newBatchIsEmpty()
    {
        StoreBatch batch;
        QVERIFY(batch.isEmpty());
        QCOMPARE(batch.size(), 0);
    }

    void usageCoalescesPerCell()
    {
        StoreBatch batch;
        batch.addUsage(usage(1, u"p"_s, u"alice"_s, u"free"_s, 1, 10, 20, 300));
        batch.addUsage(usage(1, u"p"_s, u"alice"_s, u"free"_s, 2, 1, 2, 3));
        batch.addUsage(usage(1, u"p"_s, u"alice"_s, u"pro"_s, 1, 0, 0, 0));
        batch.addUsage(usage(2, u"p"_s, u"alice"_s, u"free"_s, 1, 0, 0, 0));
        batch.addUsage(usage(1, u"q"_s, u"alice"_s, u"free"_s, 1, 0, 0, 0));
        batch.addUsage(usage(1, u"p"_s, u"bob"_s, u"free"_s, 1, 0, 0, 0));
        QCOMPARE(batch.size(), 5);
        const UsageDelta &first = batch.usage().first();
        QCOMPARE(first.requests, 3);
        QCOMPARE(first.inputTokens, 11);
        QCOMPARE(first.outputTokens, 22);
        QCOMPARE(first.costNanoUsd, 303);
    }

    void windowSecondsSumAndMerge()
    {
        StoreBatch batch;
        batch.addWindow({u"llm"_s, 100, 1, 50});
        batch.addWindow({u"llm"_s, 100, 0, -20});
        batch.addWindow({u"tts"_s, 100, 1, 0});
        StoreBatch later;
        later.addWindow({u"llm"_s, 100, 1, 10});
        later.addWindow({u"llm"_s, 101, 1, 5});
        later.expireWindowBefore(40);
        batch.expireWindowBefore(30);
        batch.merge(std::move(later));
        QCOMPARE(batch.window().size(), 3);
        QCOMPARE(batch.window()[0].requests, 2);
        QCOMPARE(batch.window()[0].tokens, 40);
        QCOMPARE(batch.window()[2].second, 101);
        QCOMPARE(batch.windowExpiry(), 40);
        QCOMPARE(batch.size(), 4);  // three seconds and the expiry
    }

    void lastRequestOperationWins_data()
    {
        QTest::addColumn<QString>("operations"); // p = put, r = remove, for request 7
        QTest::addColumn<bool>("stored");
        QTest::addColumn<bool>("removed");
        QTest::newRow("put") << u"p"_s << true << false;
        QTest::newRow("remove") << u"r"_s << false << true;
        QTest::newRow("put then remove") << u"pr"_s << false << true;
        QTest::newRow("remove then put") << u"rp"_s << true << false;
        QTest::newRow("put remove put") << u"prp"_s << true << false;
        QTest::newRow("put put") << u"pp"_s << true << false;
    }

    void lastRequestOperationWins()
    {
        QFETCH(QString, operations);
        QFETCH(bool, stored);
        QFETCH(bool, removed);
        StoreBatch batch;
        qint64 tokens = 0;
        for (const QChar op : std::as_const(operations)) {
            if (op == u'p')
                batch.putRequest(request(7, ++tokens));
            else
                batch.removeRequest(7);
        }
        QCOMPARE(batch.requestPuts().contains(7), stored);
        QCOMPARE(batch.requestRemovals().contains(7), removed);
        QCOMPARE(batch.size(), 1);
        if (stored)
            QCOMPARE(batch.requestPuts().value(7).tokens, tokens);
    }

    void upsertsKeepTheLastValue()
    {
        StoreBatch batch;
        batch.putAlert(alertRecord(3, u"first"_s));
        batch.putAlert(alertRecord(3, u"second"_s));
        batch.putApiKey(apiKeyRow(u"k1"_s, u"a"_s));
        batch.putApiKey(apiKeyRow(u"k1"_s, u"b"_s));
        batch.setUserTier(u"alice"_s, u"pro"_s);
        batch.setUserTier(u"alice"_s, QString());
        batch.setMeta(u"k"_s, u"1"_s);
        batch.setMeta(u"k"_s, u"2"_s);
        batch.putConfigVersion(configVersionRow(4, u"a"_s));
        batch.putConfigVersion(configVersionRow(4, u"b"_s));
        QCOMPARE(batch.size(), 5);
        QCOMPARE(batch.alerts().value(3).message, u"second"_s);
        QCOMPARE(batch.apiKeys().value(u"k1"_s).name, u"b"_s);
        QCOMPARE(batch.userTiers().value(u"alice"_s, u"missing"_s), QString());
        QCOMPARE(batch.meta().value(u"k"_s), u"2"_s);
        QCOMPARE(batch.configVersions().value(4).note, u"b"_s);
    }

    void auditKeepsEveryEntryInOrder()
    {
        StoreBatch batch;
        for (int i = 0; i < 3; ++i)
            batch.appendAudit(auditEntry(i, u"a%1"_s.arg(i)));
        QCOMPARE(batch.size(), 3);
        QCOMPARE(batch.audit().at(0).action, u"a0"_s);
        QCOMPARE(batch.audit().at(2).action, u"a2"_s);
    }

    void mergeAppliesLaterOperationsOnTop()
    {
        StoreBatch earlier;
        earlier.addUsage(usage(1, u"p"_s, u"alice"_s, u"free"_s, 1, 5, 5, 5));
        earlier.putRequest(request(1));
        earlier.putRequest(request(2));
        earlier.removeRequest(3);
        earlier.appendAudit(auditEntry(1, u"first"_s));
        earlier.setMeta(u"k"_s, u"old"_s);

        StoreBatch later;
        later.addUsage(usage(1, u"p"_s, u"alice"_s, u"free"_s, 2, 1, 1, 1));
        later.addUsage(usage(1, u"p"_s, u"bob"_s, u"free"_s, 1, 0, 0, 0));
        later.removeRequest(1);
        later.putRequest(request(3, 99));
        later.appendAudit(auditEntry(2, u"second"_s));
        later.setMeta(u"k"_s, u"new"_s);

        earlier.merge(std::move(later));
        QVERIFY(later.isEmpty());
        QCOMPARE(earlier.usage().size(), 2);
        QCOMPARE(earlier.usage().first().requests, 3);
        QCOMPARE(earlier.usage().first().costNanoUsd, 6);
        QVERIFY(earlier.requestRemovals().contains(1));
        QVERIFY(!earlier.requestPuts().contains(1));
        QVERIFY(earlier.requestPuts().contains(2));
        QCOMPARE(earlier.requestPuts().value(3).tokens, 99);
        QVERIFY(!earlier.requestRemovals().contains(3));
        QCOMPARE(earlier.audit().size(), 2);
        QCOMPARE(earlier.audit().at(1).action, u"second"_s);
        QCOMPARE(earlier.meta().value(u"k"_s), u"new"_s);
    }

    void mergeIntoEmptyTakesTheOther()
    {
        StoreBatch empty;
        StoreBatch other;
        other.putRequest(request(5));
        empty.merge(std::move(other));
        QCOMPARE(empty.size(), 1);
        QVERIFY(empty.requestPuts().contains(5));
    }
};

QTEST_GUILESS_MAIN(TestStoreBatch)
#include "tst_storebatch.moc"
