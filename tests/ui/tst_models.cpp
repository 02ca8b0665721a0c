#include "SampleData.h"

#include "models/AlertModel.h"
#include "models/AuditModel.h"
#include "models/ColumnFilterProxy.h"
#include "models/ConfigHistoryModel.h"
#include "models/GatewayListModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::SampleData;

/// The alert, audit, config-history and gateway models, each under QAbstractItemModelTester.
class TestModels : public QObject
{
    Q_OBJECT

    static constexpr auto kQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

private slots:
    void alertModelShowsStates()
    {
        AlertModel model;
        QAbstractItemModelTester tester(&model, kQtTest);
        AlertRecord firing = SampleData::firingAlert();
        AlertRecord acked = firing;
        acked.id = 8;
        acked.ackedAt = SampleData::kNow;
        acked.ackedBy = u"alice"_s;
        AlertRecord test = firing;
        test.id = 9;
        test.metric = u"test"_s;
        model.setRows({firing, acked, test});
        QCOMPARE(model.index(0, AlertModel::State).data().toString(), u"firing"_s);
        QCOMPARE(model.index(1, AlertModel::State).data().toString(), u"acknowledged"_s);
        QCOMPARE(model.index(1, AlertModel::Acknowledged).data().toString(), u"alice"_s);
        QCOMPARE(model.index(2, AlertModel::State).data().toString(), u"test"_s);
        QCOMPARE(model.index(0, AlertModel::Peak).data().toString(), u"100%"_s);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        firing.ackedAt = SampleData::kNow;
        firing.ackedBy = u"bob"_s;
        model.setRows({firing, acked, test});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 0);
    }

    void auditModelFiltersAndSorts()
    {
        AuditModel model;
        ColumnFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, kQtTest);
        QAbstractItemModelTester proxyTester(&proxy, kQtTest);
        model.setRows(SampleData::auditEntries());
        QCOMPARE(model.rowCount(), 5);
        proxy.sort(AuditModel::When, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, AuditModel::Actor).data().toString(), u"environment"_s);
        proxy.setColumnFilter(AuditModel::Actor, u"ALI"_s);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setColumnFilter(AuditModel::Action, u"config"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, AuditModel::Detail).data().toString(),
                 u"pools.anthropic.requests_per_minute: 40 -> 50"_s);
        model.setRows(SampleData::auditEntries().mid(2));
        QCOMPARE(proxy.rowCount(), 0);
    }

    void historyModelMarksCurrentVersion()
    {
        ConfigHistoryModel model;
        QAbstractItemModelTester tester(&model, kQtTest);
        model.setRows({{3, SampleData::kNow, u"alice"_s, u"raise rpm"_s, {}},
                       {2, SampleData::kNow - 1000, u"bob"_s, {}, {}}});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCurrentVersion(3);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>{Qt::FontRole});
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model.index(0, ConfigHistoryModel::Note).data().toString(), u"raise rpm"_s);
    }

    void gatewayModelPutsLocalFirstWithStateDots()
    {
        GatewayListModel model;
        QAbstractItemModelTester tester(&model, kQtTest);
        GatewayEntry remote{u"a1"_s, u"Production"_s, u"https://prod:8787"_s, true,
                            ConnectionState::Reconnecting};
        GatewayEntry local{
            GatewayEntry::kLocalId, u"Local"_s, {}, true, ConnectionState::Connected};
        model.setGateways({remote, local});
        QCOMPARE(model.index(0, GatewayListModel::Name).data().toString(), u"Local"_s);
        QCOMPARE(model.index(1, GatewayListModel::State).data().toString(), u"reconnecting"_s);
        QVERIFY(!model.index(1, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.rowOf(u"a1"_s), 1);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        remote.state = ConnectionState::AuthFailed;
        model.setGateways({local, remote});
        QCOMPARE(changed.count(), 1);
        QVERIFY(changed.first().at(2).value<QList<int>>().contains(Qt::DecorationRole));
        QCOMPARE(model.index(1, GatewayListModel::State).data().toString(), u"auth failed"_s);
        QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(u"auth failed"_s));
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
