#include "control/AuditTrail.h"
#include "util/ManualClock.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// The audit trail on its own: a sink that keeps the batches stands in for the journal.
class TestAuditTrail : public QObject
{
    Q_OBJECT

private slots:
    void anEntryIsStampedStoredAndAnnounced()
    {
        ManualClock clock{1'000};
        QList<StoreBatch> batches;
        AuditTrail audit(clock, [&batches](StoreBatch batch) { batches.append(std::move(batch)); });
        QSignalSpy audited(&audit, &AuditTrail::audited);
        clock.advance(500);
        audit.record(u"olivia"_s, u"key.create"_s, u"k1"_s, u"role admin"_s);
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches[0].size(), 1);
        const AuditEntry stored = batches[0].audit().first();
        QCOMPARE(stored.at, 1'500);
        QCOMPARE(stored.actor, u"olivia"_s);
        QCOMPARE(stored.action, u"key.create"_s);
        QCOMPARE(stored.target, u"k1"_s);
        QCOMPARE(stored.detail, u"role admin"_s);
        QCOMPARE(audited.count(), 1);
        QCOMPARE(audited[0][0].value<AuditEntry>().action, u"key.create"_s);
    }

    void onlyWhatSucceededIsRecorded()
    {
        ManualClock clock{1'000};
        QList<StoreBatch> batches;
        AuditTrail audit(clock, [&batches](StoreBatch batch) { batches.append(std::move(batch)); });
        QSignalSpy audited(&audit, &AuditTrail::audited);
        const Result<Done> failed = reasonError(Reason::UnknownPool, u"unknown pool"_s);
        QCOMPARE(audit.recordOnSuccess(failed, u"a"_s, u"pool.pause"_s, u"nope"_s).error().code,
                 reasonCode(Reason::UnknownPool));
        QVERIFY(batches.isEmpty());
        QCOMPARE(audited.count(), 0);
        QVERIFY(audit.recordOnSuccess(Done{}, u"a"_s, u"pool.pause"_s, u"llm"_s));
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches[0].audit().first().target, u"llm"_s);
        QCOMPARE(audited.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"
