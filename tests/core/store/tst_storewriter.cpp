#include "ResultChecks.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include "tst_storesupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int generousMs = 30000;

StoreBatch usageBatch(const QString &user, qint64 requests)
{
    StoreBatch batch;
    batch.addUsage(usage(1, u"p"_s, user, u"free"_s, requests, 0, 0, 0));
    return batch;
}

} // namespace

class TestStoreWriter : public QObject
{
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(u"w.db"_s); }

    void startWriter(StoreWriter &writer) { QVERIFY_OK(writer.start()); }

    UsageTotals totalsOf(const QString &user)
    {
        Store store;
        QString error;
        if (!store.open(dbPath()))
            qWarning("%s", qPrintable(error));
        return store.usageTotalsByUser(1).value().value(user);
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void startFailureNamesThePath()
    {
        const QString path = m_dir->filePath(u"missing/w.db"_s);
        StoreWriter writer(path);
        const auto failure = writer.start();
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(path), qPrintable(error));
    }

    void sequenceNumbersAndCommittedSignals()
    {
        StoreWriter writer(dbPath());
        startWriter(writer);
        QSignalSpy spy(&writer, &StoreWriter::committed);
        QCOMPARE(writer.submittedSeq(), 0u);
        for (quint64 i = 1; i <= 5; ++i)
            QCOMPARE(writer.submit(usageBatch(u"alice"_s, 1)), i);
        QCOMPARE(writer.submittedSeq(), 5u);
        QVERIFY(writer.waitForCommitted(5, generousMs));
        QCOMPARE(writer.committedSeq(), 5u);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).toULongLong() == 5, generousMs);
        quint64 previous = 0;
        for (const QList<QVariant> &args : std::as_const(spy)) {
            const quint64 seq = args.at(0).toULongLong();
            QVERIFY2(seq > previous, "committed sequence numbers must increase");
            previous = seq;
        }
        QCOMPARE(totalsOf(u"alice"_s).requests, 5);
    }

    void committedSignalArrivesOnTheOwnerThread()
    {
        StoreWriter writer(dbPath());
        startWriter(writer);
        QThread *signalThread = nullptr;
        connect(&writer, &StoreWriter::committed, &writer,
                [&signalThread] { signalThread = QThread::currentThread(); });
        writer.submit(usageBatch(u"alice"_s, 1));
        QTRY_VERIFY_WITH_TIMEOUT(signalThread != nullptr, generousMs);
        QCOMPARE(signalThread, QThread::currentThread());
    }

    void emptyBatchIsCommitted()
    {
        StoreWriter writer(dbPath());
        startWriter(writer);
        const quint64 seq = writer.submit(StoreBatch());
        QVERIFY(writer.waitForCommitted(seq, generousMs));
    }

    void waitForUnsubmittedSeqTimesOut()
    {
        StoreWriter writer(dbPath());
        startWriter(writer);
        const quint64 seq = writer.submit(usageBatch(u"alice"_s, 1));
        QVERIFY(writer.waitForCommitted(seq, generousMs));
        QVERIFY(!writer.waitForCommitted(seq + 1, 20));
    }

    void batchesAreMergedWhileTheWriterIsBusy()
    {
        StoreWriter writer(dbPath(), StoreOptions{.busyTimeoutMs = generousMs});
        startWriter(writer);
        QSignalSpy spy(&writer, &StoreWriter::committed);
        const int batches = 50;
        {
            RawConnection blocker(dbPath());
            QString error;
            QVERIFY2(blocker.exec(u"BEGIN IMMEDIATE"_s, &error).isValid(), qPrintable(error));
            for (int i = 0; i < batches; ++i)
                writer.submit(usageBatch(u"alice"_s, i + 1));
            QCOMPARE(writer.committedSeq(), 0u);
            blocker.exec(u"ROLLBACK"_s);
        }
        QVERIFY(writer.waitForCommitted(batches, generousMs));
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).toInt() == batches, generousMs);
        QVERIFY2(spy.size() <= 2, qPrintable(u"%1 transactions"_s.arg(spy.size())));
        QCOMPARE(totalsOf(u"alice"_s).requests, batches * (batches + 1) / 2);
    }

    void failedCommitIsReportedAndRetried()
    {
        StoreWriter writer(dbPath(), StoreOptions{.busyTimeoutMs = 1, .retryIntervalMs = 5});
        startWriter(writer);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        {
            RawConnection blocker(dbPath());
            blocker.exec(u"BEGIN IMMEDIATE"_s);
            writer.submit(usageBatch(u"alice"_s, 2));
            QVERIFY(failed.wait(generousMs));
            QVERIFY2(failed.first().at(0).toString().contains(dbPath()),
                     qPrintable(failed.first().at(0).toString()));
            writer.submit(usageBatch(u"alice"_s, 3));
            QCOMPARE(writer.committedSeq(), 0u);
            blocker.exec(u"ROLLBACK"_s);
        }
        QVERIFY(writer.waitForCommitted(2, generousMs));
        QTRY_VERIFY_WITH_TIMEOUT(!committed.isEmpty() && committed.last().at(0).toInt() == 2,
                                 generousMs);
        QCOMPARE(totalsOf(u"alice"_s).requests, 5);
    }

    void destructorFlushesEverything()
    {
        const int batches = 200;
        {
            StoreWriter writer(dbPath());
            startWriter(writer);
            for (int i = 0; i < batches; ++i) {
                StoreBatch batch = usageBatch(u"alice"_s, 1);
                batch.appendAudit(auditEntry(i, u"batch"_s));
                writer.submit(std::move(batch));
            }
        }
        QCOMPARE(totalsOf(u"alice"_s).requests, batches);
        Store store;
        QVERIFY_OK(store.open(dbPath()));
        QCOMPARE(store.maxAuditId().value(), batches);
    }

    void submitIsSafeFromSeveralThreads()
    {
        StoreWriter writer(dbPath());
        startWriter(writer);
        const int perThread = 300;
        auto submitter = [&writer](const QString &user) {
            return QThread::create([&writer, user] {
                for (int i = 0; i < perThread; ++i)
                    writer.submit(usageBatch(user, 1));
            });
        };
        std::unique_ptr<QThread> first(submitter(u"alice"_s));
        std::unique_ptr<QThread> second(submitter(u"bob"_s));
        first->start();
        second->start();
        QVERIFY(first->wait(generousMs));
        QVERIFY(second->wait(generousMs));
        QCOMPARE(writer.submittedSeq(), quint64(2 * perThread));
        QVERIFY(writer.waitForCommitted(2 * perThread, generousMs));
        QCOMPARE(totalsOf(u"alice"_s).requests, perThread);
        QCOMPARE(totalsOf(u"bob"_s).requests, perThread);
    }
};

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
