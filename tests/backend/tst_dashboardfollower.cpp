#include "backend/DashboardFollower.h"
#include "protocol/WireDashboard.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using Step = DashboardFollower::Outcome;

/// The stream reader's rules: a snapshot replaces the state, a delta applies only after the
/// state's sequence number, anything else asks for a snapshot and leaves the state as it was.
class TestDashboardFollower : public QObject
{
    Q_OBJECT

    static DashboardSnapshot state(quint64 seq, qint64 waiting, QList<qint64> alertIds = {})
    {
        DashboardSnapshot s;
        s.seq = seq;
        s.at = 1'700'000'000'000 + qint64(seq) * 100;
        s.configVersion = 1;
        PoolStatus pool;
        pool.name = u"llm"_s;
        pool.maxConcurrent = 4;
        pool.waiting = waiting;
        s.pools = {pool};
        for (qint64 id : alertIds) {
            AlertRecord alert;
            alert.id = id;
            alert.ruleId = u"pool-queue"_s;
            alert.metric = u"pool_queue"_s;
            alert.target = u"llm"_s;
            alert.firedAt = s.at;
            s.activeAlerts.append(alert);
        }
        return s;
    }

    static QJsonObject delta(const DashboardSnapshot &before, const DashboardSnapshot &after)
    {
        return dashboardDelta(before, after).value_or(QJsonObject());
    }

private slots:
    void snapshotThenDeltasInSequence()
    {
        DashboardFollower f;
        QCOMPARE(f.apply(dashboardSnapshotToJson(state(7, 1))), Step::Changed);
        QVERIFY(f.isSynced());
        QCOMPARE(f.apply(delta(state(7, 1), state(8, 2))), Step::Changed);
        QCOMPARE(f.apply(delta(state(8, 2), state(9, 5))), Step::Changed);
        QCOMPARE(f.snapshot().seq, quint64(9));
        QCOMPARE(f.snapshot().pools.first().waiting, qint64(5));
        QCOMPARE(f.deltasApplied(), quint64(2));
    }

    void outOfSequenceDeltaNeedsASnapshot_data()
    {
        QTest::addColumn<quint64>("seq");
        QTest::newRow("skips one") << quint64(9);
        QTest::newRow("repeats") << quint64(7);
        QTest::newRow("goes back") << quint64(3);
    }
    void outOfSequenceDeltaNeedsASnapshot()
    {
        QFETCH(quint64, seq);
        DashboardFollower f;
        f.apply(dashboardSnapshotToJson(state(7, 1)));
        QString problem;
        QCOMPARE(f.apply(delta(state(7, 1), state(seq, 40)), &problem), Step::NeedSnapshot);
        QVERIFY(problem.contains(u"does not follow 7"_s));
        QCOMPARE(f.snapshot().pools.first().waiting, qint64(1));
        QVERIFY(!f.isSynced());
        QCOMPARE(f.gaps(), quint64(1));
        // Later deltas are not applied on top of an unknown state either.
        QCOMPARE(f.apply(delta(state(seq, 40), state(seq + 1, 41))), Step::NeedSnapshot);
        QCOMPARE(f.apply(dashboardSnapshotToJson(state(20, 3))), Step::Changed);
        QCOMPARE(f.apply(delta(state(20, 3), state(21, 4))), Step::Changed);
        QCOMPARE(f.snapshot().pools.first().waiting, qint64(4));
    }

    void malformedOrEarlyMessagesNeedASnapshot_data()
    {
        QTest::addColumn<bool>("synced");
        QTest::addColumn<QJsonObject>("message");
        QTest::addColumn<QString>("why");
        const QJsonObject good = delta(state(7, 1), state(8, 2));
        QJsonObject badPools = good;
        badPools.insert(u"pools"_s, 12);
        QJsonObject badSnapshot = dashboardSnapshotToJson(state(9, 1));
        badSnapshot.insert(u"seq"_s, u"nine"_s);
        QTest::newRow("delta before a snapshot") << false << good << u"before any snapshot"_s;
        QTest::newRow("pools not a list") << true << badPools << u"malformed delta"_s;
        QTest::newRow("snapshot with a bad seq") << true << badSnapshot << u"malformed snapshot"_s;
    }
    void malformedOrEarlyMessagesNeedASnapshot()
    {
        QFETCH(bool, synced);
        QFETCH(QJsonObject, message);
        QFETCH(QString, why);
        DashboardFollower f;
        if (synced)
            f.apply(dashboardSnapshotToJson(state(7, 1)));
        QString problem;
        QCOMPARE(f.apply(message, &problem), Step::NeedSnapshot);
        QVERIFY2(problem.contains(why), qPrintable(problem));
        QCOMPARE(f.snapshot().pools.size(), synced ? 1 : 0);
    }

    void otherMessagesAreIgnored()
    {
        DashboardFollower f;
        f.apply(dashboardSnapshotToJson(state(7, 1)));
        QCOMPARE(f.apply(QJsonObject{{u"type"_s, u"pong"_s}}), Step::Ignored);
        QJsonObject future = delta(state(7, 1), state(8, 2));
        future.insert(u"protocol"_s, 99);
        QString problem;
        QCOMPARE(f.apply(future, &problem), Step::Ignored);
        QVERIFY(problem.contains(u"protocol 99"_s));
        QCOMPARE(f.snapshot().seq, quint64(7));
    }

    void alertsThatStartFiringAreNews()
    {
        DashboardFollower f;
        f.apply(dashboardSnapshotToJson(state(1, 0, {10})));
        QVERIFY(f.takeNewAlerts().isEmpty());
        f.apply(delta(state(1, 0, {10}), state(2, 0, {10, 11})));
        const QList<AlertRecord> news = f.takeNewAlerts();
        QCOMPARE(news.size(), 1);
        QCOMPARE(news.first().id, qint64(11));
        QVERIFY(f.takeNewAlerts().isEmpty());
        f.apply(delta(state(2, 0, {10, 11}), state(3, 1, {10, 11})));
        QVERIFY(f.takeNewAlerts().isEmpty());
        f.reset();
        f.apply(dashboardSnapshotToJson(state(50, 0, {11, 12})));
        QCOMPARE(f.takeNewAlerts().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDashboardFollower)
#include "tst_dashboardfollower.moc"
