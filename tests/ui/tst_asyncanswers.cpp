#include "FakeBackend.h"
#include "SampleData.h"

#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "main/DashboardView.h"
#include "models/AlertModel.h"
#include "models/AuditModel.h"
#include "models/QueueModel.h"
#include "pages/AlertsPage.h"
#include "pages/AuditPage.h"
#include "pages/LimitsPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "util/ManualClock.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

/// Pages against a backend that answers later, from the event loop, as a remote gateway
/// does: answers land when they come, and a page closed before its answer is not touched.
class TestAsyncAnswers : public QObject
{
    Q_OBJECT

    ManualClock m_clock{SampleData::kNow};

private slots:
    void pagesFillWhenAnswersArrive()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        backend.deferred = true;
        DashboardView view(backend, m_clock);
        view.queues()->refresh();
        view.users()->search(u"user-314"_s);
        QCOMPARE(view.queues()->model()->rowCount(), 0);
        QCOMPARE(view.alerts()->activeModel()->rowCount(), 0);
        // Queues opens on the pool in most trouble: the paused elevenlabs, 4 waiting.
        QTRY_COMPARE(view.queues()->model()->rowCount(), 4);
        QTRY_COMPARE(view.alerts()->activeModel()->rowCount(), 1);
        QTRY_COMPARE(view.audit()->model()->rowCount(), 5);
        QTRY_COMPARE(view.users()->usageBar()->text(), u"312 / 500 requests"_s);
    }

    void closedPagesIgnoreLateAnswers()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        backend.deferred = true;
        {
            DashboardView view(backend, m_clock);
            view.queues()->refresh();
            view.users()->search(u"user-314"_s);
        }
        QTest::qWait(0);
        QCoreApplication::processEvents();
        QVERIFY(backend.queueRequests.size() >= 1);
    }

    void applyWaitsForTheAnswer()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        backend.deferred = true;
        LimitsPage page(backend);
        page.applier()->setReview(
            [](QWidget *, const QList<ConfigChange> &) { return std::optional<QString>(u""_s); });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(page.applyButton()->isEnabled());
        LimitSpinBox *spin = page.poolForm()->input(u"max_concurrent"_s)->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, u"6"_s);
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);
        QVERIFY(page.applier()->busy());
        QVERIFY(!page.applyButton()->isEnabled());
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);
        QCOMPARE(backend.appliedConfigs.size(), 1);
        QTRY_COMPARE(page.messageLabel()->text(), u"Applied as version 4."_s);
        QVERIFY(!page.applier()->busy());
    }
};

QTEST_MAIN(TestAsyncAnswers)
#include "tst_asyncanswers.moc"
