#include "models/ColumnFilterProxy.h"
#include "models/QueueModel.h"
#include "SampleData.h"
#include "widgets/ColumnWidths.h"
#include "widgets/EmptyState.h"

#include <QHeaderView>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::SampleData;

/// What every table of the dashboard does: say when it is empty (or filtered empty), and
/// keep its column widths when its rows are refreshed.
class TestTableViews : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kNow = SampleData::kNow;

private slots:
    void emptyTableSaysSoAndFilteredEmptySaysWhy()
    {
        QueueModel model;
        ColumnFilterProxy proxy;
        proxy.setSourceModel(&model);
        QTableView view;
        view.setModel(&proxy);
        EmptyState::install(&view, u"Queue empty"_s, u"No waiting ticket matches the filters"_s);
        QCOMPARE(EmptyState::shownText(&view), u"Queue empty"_s);
        model.setTickets(SampleData::tickets(u"llm"_s, 3, kNow), kNow);
        QCOMPARE(EmptyState::shownText(&view), QString());
        proxy.setColumnFilter(QueueModel::User, u"nobody"_s);
        QCOMPARE(EmptyState::shownText(&view), u"No waiting ticket matches the filters"_s);
        proxy.clearFilters();
        QCOMPARE(EmptyState::shownText(&view), QString());
        model.setTickets({}, kNow);
        QCOMPARE(EmptyState::shownText(&view), u"Queue empty"_s);
    }

    void columnWidthsStayWhenRowsChange()
    {
        QueueModel model;
        QTableView view;
        view.setModel(&model);
        ColumnWidths::fitOnce(&view);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QList<RequestInfo> tickets = SampleData::tickets(u"llm"_s, 3, kNow);
        model.setTickets(tickets, kNow);
        const int user = view.columnWidth(QueueModel::User);
        const int waited = view.columnWidth(QueueModel::Waited);
        // Fitted to the rows: room for the widest user id shown.
        for (const RequestInfo &ticket : std::as_const(tickets))
            QVERIFY(user > view.fontMetrics().horizontalAdvance(ticket.user));
        // Before: ResizeToContents widened the columns as cells grew, at every refresh.
        tickets[0].user = u"a-much-longer-user-id-than-before-0123456789"_s;
        model.setTickets(tickets, kNow + 3'600'000); // "Waited" grows to over an hour
        QCOMPARE(view.columnWidth(QueueModel::User), user);
        QCOMPARE(view.columnWidth(QueueModel::Waited), waited);
        QCOMPARE(view.horizontalHeader()->sectionResizeMode(QueueModel::User),
                 QHeaderView::Interactive);
    }
};

QTEST_MAIN(TestTableViews)
#include "tst_tableviews.moc"
