#include "ResultChecks.h"
#include "store/Store.h"
#include "store/StoreReader.h"

#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestStoreReader : public QObject
{
    Q_OBJECT

private:
    QString path() const { return m_dir.filePath(u"r.db"_s); }

    void commitAudit(const QString &actor)
    {
        Store store;
        QVERIFY_OK(store.open(path()));
        StoreBatch batch;
        batch.appendAudit(AuditEntry{0, 1000, actor, u"pool.pause"_s, u"llm"_s, {}});
        QVERIFY_OK(store.commit(batch));
    }

    QTemporaryDir m_dir;

private slots:
    void init()
    {
        // A fresh file per test.
        QFile::remove(path());
    }

    /// The query runs on the reader's thread; the answer comes back to the caller's.
    void readsOnItsOwnThreadAndAnswersOnTheCallers()
    {
        commitAudit(u"olivia"_s);
        StoreReader reader(path());
        QVERIFY_OK(reader.start());
        QThread *queryThread = nullptr;
        QThread *answerThread = nullptr;
        QList<AuditEntry> found;
        reader.read<QList<AuditEntry>>(
            [&](const Store &store) {
                queryThread = QThread::currentThread();
                return store.audit(AuditQuery{u"olivia"_s}).value();
            },
            [&](QList<AuditEntry> result) {
                answerThread = QThread::currentThread();
                found = std::move(result);
            });
        QVERIFY(found.isEmpty()); // never answered inside read()
        QTRY_COMPARE(found.size(), 1);
        QCOMPARE(found[0].actor, u"olivia"_s);
        QVERIFY(queryThread && queryThread != QThread::currentThread());
        QCOMPARE(answerThread, QThread::currentThread());
    }

    /// A slow query does not hold up the thread that asked.
    void aSlowQueryDoesNotBlockTheCaller()
    {
        StoreReader reader(path());
        QVERIFY_OK(reader.start());
        QSemaphore release;
        std::atomic<bool> timedOut = false;
        int answered = 0;
        reader.read<int>(
            [&](const Store &) {
                timedOut = !release.tryAcquire(1, 10'000);
                return 1;
            },
            [&](int) { ++answered; });
        release.release(); // reached only because read() returned at once
        QTRY_COMPARE(answered, 1);
        QVERIFY(!timedOut);
    }

    void answersComeInTheOrderAsked()
    {
        StoreReader reader(path());
        QVERIFY_OK(reader.start());
        QList<int> order;
        for (int i = 0; i < 20; ++i)
            reader.read<int>([i](const Store &) { return i; }, [&order](int n) { order.append(n); });
        QTRY_COMPARE(order.size(), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(order[i], i);
    }

    /// Destroyed with answers on their way: they are dropped, nothing runs on a dead reader.
    void answersPendingAtDestructionAreDropped()
    {
        int answered = 0;
        {
            StoreReader reader(path());
            QVERIFY_OK(reader.start());
            for (int i = 0; i < 50; ++i)
                reader.read<int>([](const Store &) { return 0; }, [&answered](int) { ++answered; });
        }
        QCoreApplication::processEvents();
        QCOMPARE(answered, 0);
    }

    void aPathThatCannotBeOpenedIsReported()
    {
        StoreReader reader(m_dir.filePath(u"missing/dir/r.db"_s));
        const auto failure = reader.start();
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(u"missing/dir"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
