#include "RuntimeFixture.h"

#include "store/Store.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestPoolOperations : public QObject
{
    Q_OBJECT

private slots:
    void poolActionsAreAuditedWithWhoAndWhen()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.acquire(u"a"_s).granted());
        QVERIFY(f.acquire(u"b"_s).granted());
        const Decision waiting = f.acquire(u"c"_s);
        QVERIFY(f.poolOperations().pause(u"llm"_s, u"olivia"_s));
        QVERIFY(f.poolOperations().resume(u"llm"_s, u"olivia"_s));
        qint64 purged = 0;
        QVERIFY(f.poolOperations().purge(u"llm"_s, u"olivia"_s, &purged));
        QCOMPARE(purged, 1);
        QVERIFY(!f.engine().request(waiting.id));
        QVERIFY(f.poolOperations().drain(u"llm"_s, u"olivia"_s));
        QCOMPARE(f.poolOperations().pause(u"nope"_s, u"olivia"_s).error().code,
                 reasonCode(Reason::UnknownPool));
        QVERIFY(f.runtime->flush()); // audit entries go to the store through the writer
        const QList<AuditEntry> audit = f.runtime->store().audit(AuditQuery{u"olivia"_s}).value();
        QStringList actions;
        for (const AuditEntry &entry : audit)
            actions.prepend(entry.action);
        QCOMPARE(actions, (QStringList{u"pool.pause"_s, u"pool.resume"_s, u"pool.purge"_s,
                                       u"pool.drain"_s}));
        QCOMPARE(audit[1].detail, u"1 waiting tickets failed with QUEUE_PURGED"_s);
        QCOMPARE(audit[0].at, EngineFixture::kStart);
    }

    void userTierChangesAreStoredAndAudited()
    {
        RuntimeFixture f;
        QVERIFY(f.open());
        QVERIFY(f.poolOperations().setUserTier(u"alice"_s, u"pro"_s, u"support-lead"_s));
        QCOMPARE(f.engine().userQuota(u"alice"_s).tier, u"pro"_s);
        QVERIFY(f.runtime->flush());
        const QList<AuditEntry> audit =
            f.runtime->store().audit(AuditQuery{{}, u"user.tier"_s}).value();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit[0].detail, u"tier: free -> pro"_s);
        QCOMPARE(f.poolOperations().setUserTier(u"alice"_s, u"gold"_s, u"x"_s).error().code,
                 reasonCode(Reason::InvalidRequest));
        f.restart();
        QCOMPARE(f.engine().userQuota(u"alice"_s).tier, u"pro"_s);
        QVERIFY(f.engine().userQuota(u"alice"_s).tierPinned);
    }
};

QTEST_GUILESS_MAIN(TestPoolOperations)
#include "tst_pooloperations.moc"
