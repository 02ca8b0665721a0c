#include "SampleData.h"

#include "models/ColumnFilterProxy.h"
#include "models/QueueModel.h"
#include "models/TableCsv.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::SampleData;

/// QueueModel stands for every KeyedTableModel: merging, spans, no resets.
class TestQueueModel : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kNow = SampleData::kNow;

    static QList<RequestInfo> tickets(int count) { return SampleData::tickets(u"llm"_s, count); }

    QList<RowSpan> changedSpans(const QSignalSpy &spy)
    {
        QList<RowSpan> spans;
        for (const QList<QVariant> &args : spy) {
            spans.append({args.at(0).toModelIndex().row(), args.at(1).toModelIndex().row()});
            [&] {
                QCOMPARE(args.at(0).toModelIndex().column(), 0);
                QCOMPARE(args.at(1).toModelIndex().column(), QueueModel::ColumnCount - 1);
            }();
        }
        return spans;
    }

private slots:
    void fillsAndShowsColumns()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTickets(tickets(3), kNow);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, QueueModel::Position).data().toString(), u"1"_s);
        QCOMPARE(model.index(0, QueueModel::User).data().toString(), tickets(3).at(0).user);
        QCOMPARE(model.index(1, QueueModel::Eta).data().toString(), u"~2 s"_s); // likely
        QCOMPARE(model.index(1, QueueModel::Eta).data(QueueModel::SortRole).toLongLong(), 2400);
        QList<RequestInfo> paused = tickets(3);
        for (RequestInfo &ticket : paused)
            ticket.estimatedWaitMs.reset();
        model.setTickets(paused, kNow);
        QCOMPARE(model.index(1, QueueModel::Eta).data().toString(), u"paused"_s);
        QVERIFY(model.index(1, QueueModel::Eta).data(QueueModel::SortRole).toLongLong() >
                model.index(1, QueueModel::Waited).data(QueueModel::SortRole).toLongLong());
        QCOMPARE(model.headerData(QueueModel::Waited, Qt::Horizontal).toString(), u"Waited"_s);
    }

    void changedRowsAreMergedIntoSpans()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<RequestInfo> rows = tickets(10);
        model.setTickets(rows, kNow);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int row : {2, 3, 4, 7, 8})
            rows[row].estimatedWaitMs = rows[row].estimatedWaitMs.value_or(0) + 60'000;
        model.setTickets(rows, kNow);
        QCOMPARE(changedSpans(changed), (QList<RowSpan>{{2, 4}, {7, 8}}));
        const QList<int> roles = changed.first().at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
    }

    void unchangedRowsEmitNothing()
    {
        QueueModel model;
        model.setTickets(tickets(5), kNow);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTickets(tickets(5), kNow);
        QCOMPARE(changed.count(), 0);
    }

    void timePassingChangesEveryRowInOneSpan()
    {
        QueueModel model;
        model.setTickets(tickets(6), kNow);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTickets(tickets(6), kNow + 5000);
        QCOMPARE(changedSpans(changed), (QList<RowSpan>{{0, 5}}));
        QCOMPARE(model.index(0, QueueModel::Waited).data(QueueModel::SortRole).toLongLong(),
                 kNow + 5000 - tickets(6).at(0).enqueuedAt);
    }

    void headLeavesTailArrivesWithoutReset()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<RequestInfo> rows = tickets(8);
        model.setTickets(rows, kNow);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QList<RequestInfo> next = rows.mid(2);
        RequestInfo extra = rows.first();
        extra.id = 0x9999;
        next << extra << extra; // a duplicate key is ignored
        for (qsizetype i = 0; i < next.size(); ++i)
            next[i].position = i + 1;
        model.setTickets(next, kNow);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 0);
        QCOMPARE(removed.first().at(2).toInt(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.ticketId(0), rows.at(2).id);
        QCOMPARE(model.ticketId(6), RequestId(0x9999));
    }

    void reorderedKeysAreMoved()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<RequestInfo> rows = tickets(4);
        model.setTickets(rows, kNow);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        std::swap(rows[0], rows[3]);
        model.setTickets(rows, kNow);
        QVERIFY(moved.count() >= 1);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(model.ticketId(i), rows.at(i).id);
    }

    void randomMergesEndEqualToTheNewList()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QRandomGenerator random(20260101);
        const QList<RequestInfo> pool = tickets(60);
        for (int round = 0; round < 300; ++round) {
            QList<RequestInfo> next;
            for (const RequestInfo &ticket : pool) {
                if (random.bounded(3) != 0)
                    next << ticket;
            }
            for (qsizetype i = next.size() - 1; i > 0; --i) {
                if (random.bounded(4) == 0)
                    next.swapItemsAt(i, random.bounded(int(i) + 1));
            }
            for (RequestInfo &ticket : next)
                ticket.estimatedWaitMs = random.bounded(5) * 1000;
            QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
            model.setTickets(next, kNow);
            QCOMPARE(reset.count(), 0);
            QCOMPARE(model.rowCount(), next.size());
            for (int row = 0; row < next.size(); ++row) {
                QCOMPARE(model.ticketId(row), next.at(row).id);
                QCOMPARE(model.index(row, QueueModel::Eta).data(QueueModel::SortRole).toLongLong(),
                         *next.at(row).estimatedWaitMs);
            }
        }
    }

    /// Seen in the Queues page of a paused pool (whose ETAs no longer change on every refresh):
    /// two tickets of a higher tier arrive at places 6 and 7, the rest move down two places,
    /// and the view sorted by position showed 1-5, 8-10, 6, 7. A sorting proxy must see the
    /// values of the rows that stay before newcomers arrive among them.
    void aSortedViewStaysInOrderWhenTicketsArriveAhead()
    {
        QueueModel model;
        ColumnFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(QueueModel::Position, Qt::AscendingOrder);
        QList<RequestInfo> before = tickets(40);
        for (RequestInfo &ticket : before)
            ticket.estimatedWaitMs.reset(); // paused
        model.setTickets(before, kNow);
        QList<RequestInfo> after = before;
        for (int i = 0; i < 2; ++i) {
            RequestInfo arrived = before.at(i);
            arrived.id = 0xa000 + RequestId(i);
            after.insert(5 + i, arrived);
        }
        for (qsizetype i = 0; i < after.size(); ++i)
            after[i].position = i + 1;
        model.setTickets(after, kNow + 1000); // a second later: every row's wait changed too
        QCOMPARE(proxy.rowCount(), 42);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QCOMPARE(proxy.index(row, QueueModel::Position).data().toString(),
                     QString::number(row + 1));
    }

    void mergeOfAThousandTicketsPerTick()
    {
        QueueModel model;
        const QList<RequestInfo> rows = tickets(1000);
        model.setTickets(rows, kNow);
        TimeMs now = kNow;
        QBENCHMARK
        {
            now += 1000;
            model.setTickets(rows.mid(1), now);
            model.setTickets(rows, now);
        }
        QCOMPARE(model.rowCount(), 1000);
    }

    void proxyFiltersAndSortsByRawValue()
    {
        QueueModel model;
        ColumnFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTickets(tickets(12), kNow);
        proxy.sort(QueueModel::Eta, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, QueueModel::Position).data().toString(), u"12"_s);
        proxy.setColumnFilter(QueueModel::Tier, u"PRO"_s, ColumnFilterProxy::Match::Exact);
        QVERIFY(proxy.rowCount() > 0);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QCOMPARE(proxy.index(row, QueueModel::Tier).data().toString(), u"pro"_s);
        proxy.setColumnFilter(QueueModel::Tier, {});
        proxy.setColumnFilter(QueueModel::User, u"user-1"_s);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row, QueueModel::User).data().toString().startsWith(u"user-1"));
        proxy.clearFilters();
        QCOMPARE(proxy.rowCount(), 12);
    }

    void exportsCsvWithQuoting()
    {
        QueueModel model;
        QList<RequestInfo> rows = tickets(2);
        rows[0].user = u"o'brien, \"jr\""_s;
        model.setTickets(rows, kNow);
        const QStringList lines = TableCsv::toCsv(model).split(u"\r\n"_s);
        QCOMPARE(lines.at(0), u"Position,User,Tier,Pool,Waited (s),ETA (s),Ticket"_s);
        QVERIFY2(lines.at(1).startsWith(u"1,\"o'brien, \"\"jr\"\"\",enterprise,llm,"_s),
                 qPrintable(lines.at(1)));
        QCOMPARE(lines.size(), 4); // header, two rows, empty after the last CRLF
    }

    void csvHasRawSecondsWhereTheTableShowsText()
    {
        QueueModel model;
        QList<RequestInfo> rows = tickets(2);
        rows[0].enqueuedAt = kNow - 130'500;
        rows[0].estimatedWaitMs = 2400;
        rows[1].estimatedWaitMs.reset(); // paused
        model.setTickets(rows, kNow);
        QCOMPARE(model.index(0, QueueModel::Waited).data().toString(), u"2 min 10 s"_s);
        const QStringList lines = TableCsv::toCsv(model).split(u"\r\n"_s);
        const QStringList first = lines.at(1).split(u',');
        QCOMPARE(first.at(QueueModel::Waited), u"130.5"_s);
        QCOMPARE(first.at(QueueModel::Eta), u"2.4"_s);
        QCOMPARE(lines.at(2).split(u',').at(QueueModel::Eta), QString());
    }
};

QTEST_GUILESS_MAIN(TestQueueModel)
#include "tst_queuemodel.moc"
