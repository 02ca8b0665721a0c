#include "FakeBackend.h"
#include "SampleData.h"

#include "models/ColumnFilterProxy.h"
#include "models/QueueModel.h"
#include "pages/QueuesPage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestQueuesPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<QueuesPage> m_page;
    QStringList m_questions;
    bool m_answer = false;

    void open(Role role)
    {
        m_backend = std::make_unique<FakeBackend>(role);
        SampleData::seed(*m_backend);
        m_page = std::make_unique<QueuesPage>(*m_backend);
        m_questions.clear();
        m_page->setConfirm([this](QWidget *, const QString &, const QString &question) {
            m_questions << question;
            return m_answer;
        });
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        m_page->selectPool(u"anthropic"_s); // not the worst (elevenlabs is paused): chosen
        m_page->refresh();
    }

private slots:
    void cleanup()
    {
        m_page.reset();
        m_backend.reset();
    }

    void showsTheSelectedPoolsTickets()
    {
        open(Role::Operator);
        QCOMPARE(m_page->currentPool(), u"anthropic"_s);
        QCOMPARE(m_page->model()->rowCount(), 23);
        QCOMPARE(m_page->model()->index(0, QueueModel::Position).data().toString(), u"1"_s);
        m_page->selectPool(u"elevenlabs"_s);
        QCOMPARE(m_page->model()->rowCount(), 4);
        QCOMPARE(m_backend->queueRequests.last(), u"elevenlabs"_s);
    }

    void filtersByTierAndUser()
    {
        open(Role::Operator);
        m_page->tierFilter()->setCurrentText(u"free"_s);
        QVERIFY(m_page->proxy()->rowCount() > 0);
        QVERIFY(m_page->proxy()->rowCount() < 23);
        for (int row = 0; row < m_page->proxy()->rowCount(); ++row)
            QCOMPARE(m_page->proxy()->index(row, QueueModel::Tier).data().toString(), u"free"_s);
        m_page->tierFilter()->setCurrentIndex(0);
        QTest::keyClicks(m_page->userFilter(), u"user-137"_s);
        QCOMPARE(m_page->proxy()->rowCount(), 1);
    }

    void purgeAsksFirstAndNamesTheCount()
    {
        open(Role::Operator);
        m_answer = false;
        QTest::mouseClick(m_page->button(PoolAction::Purge), Qt::LeftButton);
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.first().contains(u"23 waiting tickets will fail"_s),
                 qPrintable(m_questions.first()));
        QVERIFY(m_questions.first().contains(u"anthropic"_s));
        QVERIFY(m_backend->poolActions.isEmpty());

        m_answer = true;
        QTest::mouseClick(m_page->button(PoolAction::Purge), Qt::LeftButton);
        QCOMPARE(m_backend->poolActions.size(), 1);
        QCOMPARE(m_backend->poolActions.first().first, u"anthropic"_s);
        QCOMPARE(m_backend->poolActions.first().second, PoolAction::Purge);
        QCOMPARE(m_page->messageLabel()->text(), u"Purged 23 tickets from anthropic."_s);
        QCOMPARE(m_page->model()->rowCount(), 0);
    }

    void pauseResumeAndDrainFollowTheMode()
    {
        open(Role::Operator);
        QVERIFY(m_page->button(PoolAction::Pause)->isEnabled());
        QVERIFY(!m_page->button(PoolAction::Resume)->isEnabled());
        QTest::mouseClick(m_page->button(PoolAction::Pause), Qt::LeftButton);
        QCOMPARE(m_backend->poolActions.last().second, PoolAction::Pause);
        m_page->selectPool(u"elevenlabs"_s);
        QVERIFY(!m_page->button(PoolAction::Pause)->isEnabled());
        QTest::mouseClick(m_page->button(PoolAction::Resume), Qt::LeftButton);
        QCOMPARE(m_backend->poolActions.last(), qMakePair(u"elevenlabs"_s, PoolAction::Resume));
    }

    void drainShowsProgressUntilEmpty()
    {
        open(Role::Operator);
        QVERIFY(m_page->drainProgress()->isHidden());
        QTest::mouseClick(m_page->button(PoolAction::Drain), Qt::LeftButton);
        QCOMPARE(m_backend->poolActions.last().second, PoolAction::Drain);
        DashboardSnapshot snapshot = m_backend->current;
        snapshot.pools[0].mode = PoolMode::Draining;
        snapshot.pools[0].drainTotal = 28;
        snapshot.pools[0].drainRemaining = 21;
        m_backend->publish(snapshot);
        QVERIFY(m_page->drainProgress()->isVisible());
        QCOMPARE(m_page->drainProgress()->value(), 7);
        QCOMPARE(m_page->drainProgress()->maximum(), 28);
        snapshot.pools[0].drainRemaining = 0;
        snapshot.pools[0].mode = PoolMode::Drained;
        m_backend->publish(snapshot);
        QVERIFY(m_page->drainProgress()->isHidden());
    }

    /// The ticket the selected row shows, or 0.
    RequestId selectedTicket() const
    {
        const QModelIndexList rows = m_page->view()->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return 0;
        return m_page->model()->ticketId(m_page->proxy()->mapToSource(rows.first()).row());
    }

    /// The queue as the gateway now reports it: `queue` with positions from 1.
    void publishQueue(QList<RequestInfo> queue)
    {
        for (qsizetype i = 0; i < queue.size(); ++i)
            queue[i].position = i + 1;
        m_backend->queues[u"anthropic"_s] = queue;
        m_page->refresh();
    }

    void cancelOneTicketAfterConfirming()
    {
        open(Role::Operator);
        QVERIFY(!m_page->cancelTicketButton()->isEnabled());
        m_page->view()->selectRow(2);
        QVERIFY(m_page->cancelTicketButton()->isEnabled());
        const QList<RequestInfo> queue = m_backend->queues.value(u"anthropic"_s);
        const RequestInfo &ticket = queue.at(2);

        m_answer = false; // asked, declined: nothing is cancelled
        QTest::mouseClick(m_page->cancelTicketButton(), Qt::LeftButton);
        QCOMPARE(m_questions.size(), 1);
        const QString question = m_questions.first();
        QVERIFY2(question.contains(formatRequestId(ticket.id)), qPrintable(question));
        QVERIFY2(question.contains(ticket.user), qPrintable(question));
        QVERIFY2(question.contains(ticket.tier), qPrintable(question));
        QVERIFY2(question.contains(u"waited"_s), qPrintable(question));
        QVERIFY(m_backend->cancelled.isEmpty());

        m_answer = true;
        QTest::mouseClick(m_page->cancelTicketButton(), Qt::LeftButton);
        QCOMPARE(m_backend->cancelled, QList<RequestId>{ticket.id});
        QVERIFY(m_page->messageLabel()->text().startsWith(u"Cancelled ticket"_s));
    }

    void theSelectionFollowsItsTicketAndClearsWhenItLeaves()
    {
        // Reported: with ticket 2 selected, its grant moved the selection to the ticket that
        // filled its row, and Cancel then cancelled that one.
        open(Role::Operator);
        QList<RequestInfo> queue = m_backend->queues.value(u"anthropic"_s);
        m_page->view()->selectRow(1);
        const RequestId chosen = queue.at(1).id;
        QCOMPARE(selectedTicket(), chosen);

        queue = queue.mid(1); // the ticket ahead is granted: the chosen one moves up, still chosen
        publishQueue(queue);
        QCOMPARE(selectedTicket(), chosen);

        queue = queue.mid(1); // the chosen ticket is granted: nothing is selected any more
        publishQueue(queue);
        QCOMPARE(selectedTicket(), RequestId(0));
        QVERIFY(!m_page->cancelTicketButton()->isEnabled());
        m_answer = true;
        QTest::mouseClick(m_page->cancelTicketButton(), Qt::LeftButton);
        QVERIFY(m_questions.isEmpty());
        QVERIFY(m_backend->cancelled.isEmpty());
    }

    void aTicketThatLeavesWhileTheQuestionIsOpenIsNotReplaced()
    {
        open(Role::Operator);
        QList<RequestInfo> queue = m_backend->queues.value(u"anthropic"_s);
        m_page->view()->selectRow(0);
        const RequestId chosen = queue.at(0).id;
        m_page->setConfirm([&](QWidget *, const QString &, const QString &) {
            queue = queue.mid(1); // granted while the operator reads the question
            publishQueue(queue);
            return true;
        });
        QTest::mouseClick(m_page->cancelTicketButton(), Qt::LeftButton);
        // The answer names the ticket asked about (the gateway says it has ended); no other
        // ticket is cancelled in its place.
        QCOMPARE(m_backend->cancelled, QList<RequestId>{chosen});
    }

    void supportRoleMayOnlyLook()
    {
        open(Role::Support);
        QCOMPARE(m_page->model()->rowCount(), 23);
        for (PoolAction action :
             {PoolAction::Pause, PoolAction::Resume, PoolAction::Drain, PoolAction::Purge}) {
            QVERIFY(!m_page->button(action)->isEnabled());
            QCOMPARE(m_page->button(action)->toolTip(),
                     u"Needs the operator role; this key is support."_s);
        }
        m_page->view()->selectRow(0);
        QVERIFY(!m_page->cancelTicketButton()->isEnabled());
    }

    void failedActionSaysWhy()
    {
        open(Role::Operator);
        m_backend->failNext = Error{u"UNKNOWN_POOL"_s, u"no pool called anthropic"_s, {}};
        QTest::mouseClick(m_page->button(PoolAction::Pause), Qt::LeftButton);
        QCOMPARE(m_page->messageLabel()->text(), u"anthropic: no pool called anthropic"_s);
    }
};

QTEST_MAIN(TestQueuesPage)
#include "tst_queuespage.moc"
