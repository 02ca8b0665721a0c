#include "ResultChecks.h"
#include "store/Store.h"
#include "store/StoreSchema.h"

#include "tst_storesupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestStore : public QObject
{
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(u"sluice.db"_s); }

    void openStore(Store &store) { QVERIFY_OK(store.open(dbPath())); }

    void commit(Store &store, const StoreBatch &batch) { QVERIFY_OK(store.commit(batch)); }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void createsSchemaInWalModeAndReopenKeepsData()
    {
        {
            Store store;
            openStore(store);
            QCOMPARE(store.schemaVersion(), StoreSchema::latestVersion());
            StoreBatch batch;
            batch.setMeta(u"generation"_s, u"7"_s);
            batch.addUsage(usage(100, u"p"_s, u"alice"_s, u"free"_s, 1, 2, 3, 4));
            commit(store, batch);
        }
        QVERIFY(QFile::exists(dbPath()));
        {
            RawConnection raw(dbPath());
            QCOMPARE(raw.exec(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        }
        Store store;
        openStore(store);
        QCOMPARE(store.meta(u"generation"_s).value(), std::optional(u"7"_s));
        QCOMPARE(store.usageTotalsByUser(100).value().value(u"alice"_s), (UsageTotals{1, 2, 3, 4}));
        QVERIFY_OK(store.checkIntegrity());
    }

    void migrationIsIdempotent()
    {
        {
            Store store;
            openStore(store);
            StoreBatch batch;
            batch.setMeta(u"k"_s, u"v"_s);
            commit(store, batch);
        }
        {
            RawConnection raw(dbPath());
            for (int run = 0; run < 2; ++run) {
                QVERIFY_OK(StoreSchema::migrate(raw.db()));
                QCOMPARE(StoreSchema::version(raw.db()), StoreSchema::latestVersion());
            }
            QCOMPARE(raw.exec(u"SELECT value FROM meta WHERE key = 'k'"_s).toString(), u"v"_s);
        }
        Store store;
        openStore(store);
        QCOMPARE(store.meta(u"k"_s).value(), std::optional(u"v"_s));
    }

    void emptyFileIsInitialised()
    {
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Store store;
        openStore(store);
        QCOMPARE(store.schemaVersion(), StoreSchema::latestVersion());
    }

    void newerSchemaIsRefused()
    {
        {
            Store store;
            openStore(store);
        }
        {
            RawConnection raw(dbPath());
            raw.exec(u"PRAGMA user_version = 99"_s);
        }
        Store store;
        const auto failure = store.open(dbPath());
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(dbPath()) && error.contains(u"99"_s), qPrintable(error));
        QVERIFY(!store.isOpen());
    }

    void foreignDatabaseIsRefused()
    {
        {
            RawConnection raw(dbPath());
            raw.exec(u"CREATE TABLE meta (x INTEGER)"_s);
        }
        Store store;
        const auto failure = store.open(dbPath());
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(u"not a Sluice store"_s), qPrintable(error));
    }

    void unusablePathGivesAnError_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::newRow("missing directory") << u"missing/sluice.db"_s;
        QTest::newRow("parent is a file") << u"plain-file/sluice.db"_s;
        QTest::newRow("path is a directory") << u"directory"_s;
    }

    void unusablePathGivesAnError()
    {
        QFETCH(QString, relative);
        QFile plain(m_dir->filePath(u"plain-file"_s));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY(QDir(m_dir->path()).mkdir(u"directory"_s));
        const QString path = m_dir->filePath(relative);
        Store store;
        const auto failure = store.open(path);
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!store.isOpen());
        QVERIFY(!store.commit(StoreBatch()));
    }

    void emptyPathGivesAnError()
    {
        Store store;
        const auto failure = store.open(QString());
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(u"path is empty"_s), qPrintable(error));
    }

    void randomBytesGiveAnError()
    {
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QRandomGenerator random(42);
        QByteArray junk(64 * 1024, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(junk.data()), junk.size() / 4);
        file.write(junk);
        file.close();
        Store store;
        const auto failure = store.open(dbPath());
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(dbPath()), qPrintable(error));
        // A read of the store that did not open fails, naming what it read: never "empty".
        const Result<QList<RequestRow>> read = store.loadRequests();
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, errors::kStoreFailed);
        QVERIFY2(read.error().message.contains(u"the requests"_s),
                 qPrintable(read.error().message));
    }

    void damagedPagesAreDetected()
    {
        {
            Store store;
            openStore(store);
            StoreBatch batch;
            for (int i = 0; i < 2000; ++i)
                batch.appendAudit(auditEntry(i, u"a"_s, u"entry %1"_s.arg(i)));
            commit(store, batch);
        }
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.size() > 16 * 4096);
        QRandomGenerator random(7);
        QByteArray junk(8 * 4096, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(junk.data()), junk.size() / 4);
        QVERIFY(file.seek(4096));
        file.write(junk);
        file.close();
        Store store;
        Result<Done> problem = store.open(dbPath());
        if (problem) {
            problem = store.checkIntegrity();
            QVERIFY(!problem);
            // Reading a damaged file answers (an error or rows), and never crashes.
            const Result<QList<AuditEntry>> read = store.audit(AuditQuery{.limit = 0});
            QVERIFY(read.ok() || read.error().code == errors::kStoreFailed);
        }
        const QString error = problem.error().message;
        QVERIFY2(error.contains(dbPath()), qPrintable(error));
    }

    void failedCommitLeavesNothingBehind()
    {
        Store store;
        openStore(store);
        {
            RawConnection raw(dbPath());
            raw.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON meta WHEN NEW.key = 'boom'"
                     " BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"_s);
        }
        StoreBatch batch;
        batch.addUsage(usage(1, u"p"_s, u"alice"_s, u"free"_s, 1, 0, 0, 0));
        batch.appendAudit(auditEntry(1, u"a"_s));
        batch.setMeta(u"boom"_s, u"x"_s);
        const auto failure = store.commit(batch);
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY2(error.contains(u"refused by test trigger"_s) && error.contains(dbPath()),
                 qPrintable(error));
        QVERIFY(store.usageTotalsByUser(1).value().isEmpty());
        QCOMPARE(store.maxAuditId().value(), 0);

        StoreBatch next;
        next.setMeta(u"fine"_s, u"y"_s);
        commit(store, next);
        QCOMPARE(store.meta(u"fine"_s).value(), std::optional(u"y"_s));
    }

    void nullStringsAreStoredAsEmpty()
    {
        Store store;
        openStore(store);
        StoreBatch batch;
        batch.addUsage(usage(3, {}, {}, {}, 1, 0, 0, 0));
        batch.putRequest(requestRow(9));
        batch.appendAudit(AuditEntry{});
        batch.putConfigVersion(configVersionRow(1));
        batch.putAlert(alertRecord(1));
        batch.putApiKey(apiKeyRow(u"k"_s));
        batch.setMeta(u"m"_s, QString());
        commit(store, batch);
        QCOMPARE(store.usageTotalsByUser(3).value().value(QString()).requests, 1);
        QCOMPARE(store.loadRequests().value().size(), 1);
        QCOMPARE(store.meta(u"m"_s).value(), std::optional(QString()));
        QCOMPARE(store.apiKey(u"k"_s).value()->hash, QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
