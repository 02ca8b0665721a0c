#include "WireSamples.h"

#include "protocol/WireDashboard.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// What a remote dashboard needs for a pool's status line crosses the wire: the mode, how
/// many requests are left to drain, and until when the upstream throttles the pool, in the
/// full snapshot and in a delta that changes only the throttle.
class TestWirePoolState : public QObject
{
    Q_OBJECT

private slots:
    void snapshotCarriesTheStatusLine()
    {
        DashboardSnapshot snapshot = sampleSnapshot();
        snapshot.pools[0].mode = PoolMode::Running;
        snapshot.pools[0].throttledUntil = snapshot.at + 42'000;
        snapshot.pools[1].mode = PoolMode::Draining;
        snapshot.pools[1].drainTotal = 30;
        snapshot.pools[1].drainRemaining = 12;
        const QJsonObject json = dashboardSnapshotToJson(snapshot);
        QList<FieldError> errors;
        const DashboardSnapshot back = dashboardSnapshotFromJson(json, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
        QCOMPARE(back.pools[0].throttledUntil, snapshot.at + 42'000);
        QCOMPARE(back.pools[0].mode, PoolMode::Running);
        QCOMPARE(back.pools[1].mode, PoolMode::Draining);
        QCOMPARE(back.pools[1].drainRemaining, 12);
        QCOMPARE(back.pools[1].drainTotal, 30);
    }

    void deltaCarriesAThrottle()
    {
        const DashboardSnapshot before = sampleSnapshot();
        DashboardSnapshot after = before;
        after.seq = before.seq + 1;
        after.pools[1].throttledUntil = before.at + 5000;
        const std::optional<QJsonObject> delta = dashboardDelta(before, after);
        QVERIFY(delta); // a throttle alone is a change worth sending
        QCOMPARE(delta->value("pools"_L1).toArray().size(), 1);
        DashboardSnapshot reader = before;
        QList<FieldError> errors;
        QCOMPARE(applyDashboardDelta(reader, *delta, &errors), DeltaResult::Applied);
        QCOMPARE(reader.pools[1].throttledUntil, before.at + 5000);
    }
};

QTEST_MAIN(TestWirePoolState)
#include "tst_wirepoolstate.moc"
