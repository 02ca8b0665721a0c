#include "FakeBackend.h"
#include "SampleData.h"

#include "models/AuditModel.h"
#include "pages/AuditPage.h"
#include "util/ManualClock.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestAuditPage : public QObject
{
    Q_OBJECT

private slots:
    void listsAndFiltersThroughTheBackend()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        AuditPage page(backend, clock);
        QCOMPARE(page.model()->rowCount(), 5);
        QCOMPARE(page.messageLabel()->text(), u"5 entries"_s);

        QTest::keyClicks(page.actorFilter(), u"alice"_s);
        QTRY_COMPARE(page.model()->rowCount(), 2);
        QCOMPARE(backend.auditQueries.last().actor, u"alice"_s);
        QCOMPARE(backend.auditQueries.last().limit, AuditPage::kLimit);

        page.actionFilter()->setText(u"config"_s);
        page.refresh();
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, AuditModel::Target).data().toString(), u"anthropic"_s);
    }

    void timeSpanBecomesTheQueryStart()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        AuditPage page(backend, clock);
        QCOMPARE(page.query().from, 0);
        page.spanFilter()->setCurrentIndex(2);
        QCOMPARE(backend.auditQueries.last().from, SampleData::kNow - 86'400'000);
    }

    void onlyAdminsReadTheAuditLog()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        AuditPage page(backend, clock);
        QCOMPARE(page.model()->rowCount(), 0);
        QVERIFY(backend.auditQueries.isEmpty());
        QCOMPARE(page.messageLabel()->text(), u"Needs the admin role; this key is operator."_s);
    }

    void failureIsShown()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        backend.failNext = Error{u"UNREACHABLE"_s, u"gateway did not answer"_s, {}};
        ManualClock clock(SampleData::kNow);
        AuditPage page(backend, clock);
        QCOMPARE(page.messageLabel()->text(),
                 u"Could not read the audit log: gateway did not answer"_s);
    }
};

QTEST_MAIN(TestAuditPage)
#include "tst_auditpage.moc"
