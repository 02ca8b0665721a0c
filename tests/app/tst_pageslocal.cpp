#include "AwaitResult.h"
#include "LocalStack.h"

#include "control/ConfigVersions.h"
#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "models/QueueModel.h"
#include "pages/LimitsPage.h"
#include "pages/QueuesPage.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::awaitResult;
using sluice::test::LocalStack;

/// Pages on the real Local backend: ApiBackend over LocalTransport on a durable engine, so
/// a click goes through the API's routes and validation into the engine.
class TestPagesLocal : public QObject
{
    Q_OBJECT

    static void type(LimitInput *input, const QString &text)
    {
        QDoubleSpinBox *spin = input->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
        QTest::keyClick(spin, Qt::Key_Tab);
    }

    static void fill(LocalStack &s, int requests)
    {
        for (int i = 0; i < requests; ++i)
            s.acquire(u"user-%1"_s.arg(i));
    }

private slots:
    void editedLimitChangesTheEngine()
    {
        LocalStack s;
        LimitsPage page(*s.backend);
        QList<QList<ConfigChange>> reviews;
        page.applier()->setReview([&](QWidget *, const QList<ConfigChange> &changes) {
            reviews << changes;
            return std::optional<QString>(u"from the page"_s);
        });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const qint32 version = s.configVersions().version();
        type(page.poolForm()->input(u"max_concurrent"_s), u"7"_s);
        QVERIFY(page.applyButton()->isEnabled());
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);

        QCOMPARE(reviews.size(), 1);
        QCOMPARE(reviews.first(),
                 (QList<ConfigChange>{{u"pools.llm.max_concurrent"_s, u"2"_s, u"7"_s}}));
        QTRY_COMPARE(s.engine().config().pools.first().maxConcurrent, 7);
        QCOMPARE(s.configVersions().version(), version + 1);
        QTRY_COMPARE(page.messageLabel()->text(), u"Applied as version %1."_s.arg(version + 1));
        QVERIFY(!page.hasUnsavedChanges());
        AuditQuery query;
        query.action = u"config.update"_s;
        const QList<AuditEntry> audit = s.fixture.runtime->store().audit(query).value();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.first().actor, u"tester"_s);
    }

    void outOfRangeValueNeverReachesTheEngine()
    {
        LocalStack s;
        LimitsPage page(*s.backend);
        int reviews = 0;
        page.applier()->setReview([&](QWidget *, const QList<ConfigChange> &) {
            ++reviews;
            return std::optional<QString>(QString());
        });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        type(page.poolForm()->input(u"requests_per_minute"_s), u"200000"_s);
        QVERIFY(!page.applyButton()->isEnabled());
        QVERIFY2(page.messageLabel()->text().contains(u"between 1 and 100000"_s),
                 qPrintable(page.messageLabel()->text()));
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);
        QCOMPARE(reviews, 0);
        QCOMPARE(s.engine().config().pools.first().requestsPerMinute, std::optional<int>(10));
    }

    void purgeAsksFirstThenFailsTheWaitingTickets()
    {
        LocalStack s;
        fill(s, 5);
        QueuesPage page(*s.backend);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList questions;
        bool answer = false;
        page.setConfirm([&](QWidget *, const QString &, const QString &question) {
            questions << question;
            return answer;
        });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QTRY_COMPARE(page.model()->rowCount(), 3);

        QTest::mouseClick(page.button(PoolAction::Purge), Qt::LeftButton);
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(u"3 waiting tickets will fail"_s),
                 qPrintable(questions.first()));
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->waiting, qint64(3));

        answer = true;
        QTest::mouseClick(page.button(PoolAction::Purge), Qt::LeftButton);
        QTRY_COMPARE(page.messageLabel()->text(), u"Purged 3 tickets from llm."_s);
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->waiting, qint64(0));
        QCOMPARE(s.engine().poolStatus(u"llm"_s)->inUse, 2);
        QTRY_COMPARE(page.model()->rowCount(), 0);
    }

    void cancelOneTicket()
    {
        LocalStack s;
        fill(s, 4);
        QueuesPage page(*s.backend);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setConfirm([](QWidget *, const QString &, const QString &) { return true; });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QTRY_COMPARE(page.model()->rowCount(), 2);
        page.view()->selectRow(0);
        QVERIFY(page.cancelTicketButton()->isEnabled());
        QTest::mouseClick(page.cancelTicketButton(), Qt::LeftButton);
        QTRY_COMPARE(s.engine().poolStatus(u"llm"_s)->waiting, qint64(1));
        QTRY_COMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, QueueModel::User).data().toString(), u"user-3"_s);
    }

    void pauseAndResumeFromThePage()
    {
        LocalStack s;
        QueuesPage page(*s.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::mouseClick(page.button(PoolAction::Pause), Qt::LeftButton);
        QTRY_COMPARE(s.engine().poolStatus(u"llm"_s)->mode, PoolMode::Paused);
        QTRY_VERIFY(page.button(PoolAction::Resume)->isEnabled());
        QTest::mouseClick(page.button(PoolAction::Resume), Qt::LeftButton);
        QTRY_COMPARE(s.engine().poolStatus(u"llm"_s)->mode, PoolMode::Running);
    }
};

QTEST_MAIN(TestPagesLocal)
#include "tst_pageslocal.moc"
