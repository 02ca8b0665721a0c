#include "EngineFixture.h"

#include "runtime/StoreJournal.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// StoreJournal: every decision of one event-loop turn goes to the writer in one batch (group
/// commit), whenDurable() answers only once that batch is committed, and requests that
/// cannot be resumed (transient) are never written.
class TestStoreJournal : public QObject
{
    Q_OBJECT

    struct Harness
    {
        QTemporaryDir dir;
        EngineFixture engine;
        std::unique_ptr<StoreWriter> writer;
        std::unique_ptr<StoreJournal> journal;

        bool start()
        {
            engine.pool().maxConcurrent = 100;
            engine.start();
            writer = std::make_unique<StoreWriter>(path());
            if (!writer->start())
                return false;
            journal = std::make_unique<StoreJournal>(*engine.engine, *writer, 0);
            engine.engine->setJournal(journal.get());
            return true;
        }
        ~Harness()
        {
            if (engine.engine)
                engine.engine->setJournal(nullptr);
            journal.reset();
            writer.reset();
        }
        QString path() const { return dir.filePath(u"sluice.db"_s); }
        QList<RequestRow> stored() const
        {
            Store store;
            return store.open(path()) ? store.loadRequests().value() : QList<RequestRow>();
        }
    };

private slots:
    void oneTurnIsOneBatch()
    {
        Harness h;
        QVERIFY(h.start());
        const quint64 before = h.writer->submittedSeq();
        for (int i = 0; i < 10; ++i)
            QVERIFY(h.engine.acquire(u"u%1"_s.arg(i)).granted());
        QCOMPARE(h.writer->submittedSeq(), before); // nothing handed over inside the turn
        QTRY_COMPARE(h.writer->submittedSeq(), before + 1);
        QVERIFY(h.writer->waitForCommitted(before + 1, 10'000));
        QCOMPARE(h.stored().size(), 10);
    }

    void whenDurableAnswersAfterTheCommit()
    {
        Harness h;
        QVERIFY(h.start());
        QVERIFY(h.engine.acquire(u"alice"_s).granted());
        bool durable = false;
        quint64 committedThen = 0;
        h.journal->whenDurable([&] {
            durable = true;
            committedThen = h.writer->committedSeq();
        });
        QVERIFY(!durable); // not before the batch holding the grant is committed
        QTRY_VERIFY(durable);
        QVERIFY(committedThen >= 1);
        QCOMPARE(h.stored().size(), 1);
    }

    void transientRequestsAreNotWritten()
    {
        Harness h;
        QVERIFY(h.start());
        AcquireRequest proxied;
        proxied.pool = h.engine.config.pools.first().name;
        proxied.user = u"bob"_s;
        proxied.transient = true;
        QVERIFY(h.engine.engine->acquire(proxied).granted());
        QVERIFY(h.engine.acquire(u"alice"_s).granted());
        QVERIFY(h.writer->waitForCommitted(h.journal->flush(), 10'000));
        const QList<RequestRow> rows = h.stored();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().user, u"alice"_s);
    }
};

QTEST_GUILESS_MAIN(TestStoreJournal)
#include "tst_storejournal.moc"
