#include "FakeBackend.h"
#include "SampleData.h"

#include "forms/PoolForm.h"
#include "pages/LimitsPage.h"
#include "pages/QueuesPage.h"

#include <QComboBox>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

/// The pool pickers (Queues, Limits): counts on every item, the pool in most trouble first,
/// the page opening on that pool, and an operator's choice that no later ranking overrides.
class TestPoolPickers : public QObject
{
    Q_OBJECT

    /// anthropic (configured first) runs with 23 waiting; elevenlabs is throttled by its
    /// upstream with 170 waiting; anam is idle.
    static DashboardSnapshot troubled()
    {
        DashboardSnapshot snapshot = SampleData::snapshot();
        snapshot.pools[0].inUse = 3;
        snapshot.pools[1].mode = PoolMode::Running;
        snapshot.pools[1].waiting = 170;
        snapshot.pools[1].throttledUntil = SampleData::kNow + 42'000;
        return snapshot;
    }

    static QComboBox *poolBox(QueuesPage &page) { return page.findChild<QComboBox *>(u"pool"_s); }

    static QStringList items(QComboBox *box)
    {
        QStringList texts;
        for (int i = 0; i < box->count(); ++i)
            texts << box->itemText(i);
        return texts;
    }

private slots:
    void itemsCarryCountsWorstFirst()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        backend.current = troubled();
        QueuesPage page(backend);
        QComboBox *box = poolBox(page);
        QVERIFY(box);
        const QStringList texts = items(box);
        QCOMPARE(texts.size(), 3);
        QVERIFY2(texts.at(0).startsWith(u"elevenlabs"_s), qPrintable(texts.join(u" | "_s)));
        QVERIFY2(texts.at(0).contains(u"170 waiting"_s), qPrintable(texts.at(0)));
        QVERIFY2(texts.at(0).contains(u"throttled"_s), qPrintable(texts.at(0)));
        QVERIFY2(texts.at(1).startsWith(u"anthropic"_s), qPrintable(texts.join(u" | "_s)));
        QVERIFY2(texts.at(1).contains(u"23 waiting"_s), qPrintable(texts.at(1)));
        QVERIFY2(texts.at(2).contains(u"0 waiting"_s), qPrintable(texts.at(2)));

        DashboardSnapshot next = troubled(); // a count changes, the order does not
        next.pools[0].waiting = 24;
        backend.publish(next);
        QCOMPARE(box->itemText(1), u"anthropic — 24 waiting"_s);
        QCOMPARE(items(box).at(0), texts.at(0));
        QCOMPARE(page.currentPool(), u"elevenlabs"_s);
    }

    void opensOnTheWorstPool()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        backend.current = {};
        QueuesPage page(backend); // connecting: no pools yet
        QCOMPARE(page.currentPool(), QString());
        backend.publish(troubled());
        QCOMPARE(page.currentPool(), u"elevenlabs"_s);
        QCOMPARE(backend.queueRequests, QStringList{u"elevenlabs"_s});
    }

    void opensOnWhateverIsWorstWhenShown()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        backend.current = troubled();
        QueuesPage page(backend);
        QCOMPARE(page.currentPool(), u"elevenlabs"_s);
        DashboardSnapshot later = troubled();
        later.pools[1].throttledUntil = 0;
        later.pools[1].waiting = 0;
        later.pools[2].mode = PoolMode::Paused;
        later.pools[2].waiting = 12;
        backend.publish(later); // hidden, nobody chose: the next opening shows anam
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.currentPool(), u"anam"_s);
    }

    void keepsTheOperatorsChoiceWhenTheRankingChanges()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        backend.current = troubled();
        QueuesPage page(backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QComboBox *box = poolBox(page);
        QVERIFY(box);
        const int anam = int(items(box).indexOf(u"anam — 0 waiting"_s));
        QVERIFY2(anam >= 0, qPrintable(items(box).join(u" | "_s)));
        box->setCurrentIndex(anam);
        emit box->activated(anam); // as a click on the item does
        QCOMPARE(page.currentPool(), u"anam"_s);

        DashboardSnapshot later = troubled();
        later.pools[1].throttledUntil = 0;
        later.pools[0].mode = PoolMode::Paused;
        later.pools[0].waiting = 400;
        backend.publish(later);
        QVERIFY2(items(box).first().startsWith(u"anthropic"_s), qPrintable(items(box).first()));
        QCOMPARE(page.currentPool(), u"anam"_s);
        page.hide();
        page.show();
        QCOMPARE(page.currentPool(), u"anam"_s);
        QCOMPARE(box->currentText(), u"anam — 0 waiting"_s);
    }

    void limitsPickerRanksTheConfiguredPools()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        backend.current = troubled();
        PoolConfig added = backend.versioned.config.pools.first();
        added.name = u"openai"_s; // configured, not in the snapshot yet
        backend.versioned.config.pools << added;
        LimitsPage page(backend);
        QComboBox *box = page.poolSelector();
        QCOMPARE(items(box),
                 (QStringList{u"elevenlabs — throttled, 170 waiting"_s, u"anthropic — 23 waiting"_s,
                              u"anam — 0 waiting"_s, u"openai"_s}));
        QCOMPARE(box->currentData().toString(), u"elevenlabs"_s);
        box->setCurrentIndex(box->findData(u"anam"_s));
        QCOMPARE(page.poolForm()->pool().name, u"anam"_s);
        DashboardSnapshot later = troubled();
        later.pools[1].throttledUntil = 0;
        later.pools[2].mode = PoolMode::Paused;
        backend.publish(later);
        QCOMPARE(items(box).first(), u"anam — paused, 0 waiting"_s);
        QCOMPARE(box->currentData().toString(), u"anam"_s);
        QCOMPARE(page.poolForm()->pool().name, u"anam"_s);
    }
};

QTEST_MAIN(TestPoolPickers)
#include "tst_poolpickers.moc"
