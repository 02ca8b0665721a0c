#include "LocalStack.h"

#include "control/PoolOperations.h"
#include "models/AuditModel.h"
#include "pages/AuditPage.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::LocalStack;

/// The Audit page on the real Local backend follows the log as it grows, without Reload,
/// and keeps the user's sort and column widths.
class TestAuditLive : public QObject
{
    Q_OBJECT

private slots:
    void newEntriesAppearWithoutReload()
    {
        LocalStack s;
        AuditPage page(*s.backend, s.fixture.clock);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // The start of the engine is the first entry.
        QTRY_COMPARE(page.messageLabel()->text(), u"1 entry"_s);

        QVERIFY(s.fixture.poolOperations().pause(u"llm"_s, u"ops-anna"_s));
        // Before: the page showed nothing new until Refresh.
        QTRY_COMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.messageLabel()->text(), u"2 entries"_s);
        QCOMPARE(page.model()->rowAt(0).actor, u"ops-anna"_s);

        auto *view = page.findChild<QTableView *>();
        QVERIFY(view);
        view->sortByColumn(AuditModel::Actor, Qt::AscendingOrder);
        view->horizontalHeader()->resizeSection(AuditModel::Actor, 123);
        QVERIFY(s.fixture.poolOperations().resume(u"llm"_s, u"ops-ben"_s));
        QVERIFY(s.fixture.poolOperations().setUserTier(u"zoe"_s, u"pro"_s, u"admin-al"_s));
        QTRY_COMPARE(page.model()->rowCount(), 4);
        QCOMPARE(page.messageLabel()->text(), u"4 entries"_s);
        QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), int(AuditModel::Actor));
        QCOMPARE(view->horizontalHeader()->sectionSize(AuditModel::Actor), 123);
        QCOMPARE(view->model()->index(0, AuditModel::Actor).data().toString(), u"admin-al"_s);
        QCOMPARE(view->model()->index(3, AuditModel::Actor).data().toString(), u"ops-ben"_s);
    }
};

QTEST_MAIN(TestAuditLive)
#include "tst_auditlive.moc"
