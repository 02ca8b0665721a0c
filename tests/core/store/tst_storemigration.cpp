#include "ResultChecks.h"
#include "store/Store.h"
#include "store/StoreSchema.h"

#include "tst_storesupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

// The schema as version 3 shipped it, the requests table with its columns whose meaning
// depended on the state: since (enqueued at / last heartbeat), deadline (times out at /
// granted at), seq (arrival order / the lease's window entry).
const char *const kVersion3[] = {
    "CREATE TABLE usage_daily ("
    " day INTEGER NOT NULL, pool TEXT NOT NULL, user TEXT NOT NULL, tier TEXT NOT NULL,"
    " requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,"
    " output_tokens INTEGER NOT NULL DEFAULT 0, cost_nano_usd INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (day, pool, user, tier)) WITHOUT ROWID",
    "CREATE INDEX usage_daily_user_day ON usage_daily (user, day)",
    "CREATE TABLE requests ("
    " id INTEGER PRIMARY KEY, state INTEGER NOT NULL, pool TEXT NOT NULL,"
    " user TEXT NOT NULL, tier TEXT NOT NULL, context_id TEXT NOT NULL,"
    " tokens INTEGER NOT NULL, since INTEGER NOT NULL, deadline INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, priority INTEGER NOT NULL,"
    " owner TEXT NOT NULL DEFAULT '', secret BLOB NOT NULL DEFAULT x'')",
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL)",
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE TABLE config_versions ("
    " version INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " note TEXT NOT NULL, json BLOB NOT NULL)",
    "CREATE TABLE alerts ("
    " id INTEGER PRIMARY KEY, rule_id TEXT NOT NULL, metric TEXT NOT NULL,"
    " target TEXT NOT NULL, threshold REAL NOT NULL, peak REAL NOT NULL,"
    " fired_at INTEGER NOT NULL, cleared_at INTEGER NOT NULL, acked_at INTEGER NOT NULL,"
    " acked_by TEXT NOT NULL, message TEXT NOT NULL)",
    "CREATE INDEX alerts_fired_at ON alerts (fired_at)",
    "CREATE TABLE user_tiers (user TEXT PRIMARY KEY, tier TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE api_keys ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash BLOB NOT NULL,"
    " created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE window_seconds ("
    " pool TEXT NOT NULL, second INTEGER NOT NULL, requests INTEGER NOT NULL,"
    " tokens INTEGER NOT NULL, PRIMARY KEY (pool, second)) WITHOUT ROWID",
    // A waiting ticket: enqueued at 1000, times out at 11000, arrived 7th.
    "INSERT INTO requests VALUES (4294967296, 0, 'llm', 'ann', 'free', '', 5, 1000, 11000, 7, 2,"
    " 'key1', x'0102')",
    // An active lease: last heartbeat at 3000, granted at 2000, window entry 9.
    "INSERT INTO requests VALUES (8589934593, 1, 'llm', 'bob', 'pro', 'ctx', 40, 3000, 2000, 9, 0,"
    " '', x'')",
    // Two requests' usage: $0.0165 + $0.0165, which version 5 counts as 4 credits at most.
    "INSERT INTO usage_daily VALUES (20000, 'llm', 'ann', 'free', 2, 3000, 1600, 33000000)",
    "PRAGMA application_id = 1397506885",
    "PRAGMA user_version = 3",
};

} // namespace

class TestStoreMigration : public QObject
{
    Q_OBJECT

private slots:
    void usageGetsCreditsAndRejectionsATable();
    void requestColumnsGetTheirMeaning()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sluice.db"_s);
        {
            RawConnection raw(path);
            for (const char *statement : kVersion3) {
                QString error;
                QVERIFY2(raw.exec(QString::fromLatin1(statement), &error).isValid(),
                         qPrintable(error));
            }
        }
        for (int open = 0; open < 2; ++open) { // the second open finds nothing to do
            Store store;
            QVERIFY_OK(store.open(path));
            QCOMPARE(store.schemaVersion(), 5);
            QCOMPARE(StoreSchema::latestVersion(), 5);
            QList<RequestRow> rows = store.loadRequests().value();
            std::sort(rows.begin(), rows.end(), [](auto &a, auto &b) { return a.id < b.id; });
            QCOMPARE(rows.size(), 2);
            const RequestRow &ticket = rows[0];
            QCOMPARE(ticket.state, RequestRow::State::Waiting);
            QCOMPARE(ticket.enqueuedAt, 1000);
            QCOMPARE(ticket.waitDeadline, 11000);
            QCOMPARE(ticket.arrival, quint64(7));
            QCOMPARE(ticket.priority, 2);
            QCOMPARE(ticket.grantedAt, 0);
            QCOMPARE(ticket.lastHeartbeat, 0);
            QCOMPARE(ticket.owner, u"key1"_s);
            QCOMPARE(ticket.secret, QByteArray("\x01\x02", 2));
            const RequestRow &lease = rows[1];
            QCOMPARE(lease.state, RequestRow::State::Active);
            QCOMPARE(lease.grantedAt, 2000);
            QCOMPARE(lease.lastHeartbeat, 3000);
            QCOMPARE(lease.enqueuedAt, 0);
            QCOMPARE(lease.waitDeadline, 0);
            QCOMPARE(lease.arrival, quint64(0)); // a window entry means nothing after a restart
            QCOMPARE(lease.contextId, u"ctx"_s);
        }
        RawConnection raw(path);
        QCOMPARE(raw.exec(u"SELECT count(*) FROM pragma_table_info('requests')"
                          " WHERE name IN ('since', 'deadline', 'seq')"_s)
                     .toInt(),
                 0);
        QCOMPARE(raw.exec(u"SELECT count(*) FROM pragma_table_info('requests') WHERE name IN"
                          " ('enqueued_at', 'wait_deadline', 'arrival', 'granted_at',"
                          " 'last_heartbeat')"_s)
                     .toInt(),
                 5);
    }
};

/// Version 5: credits beside the cost (older rows get the credits of their summed cost,
/// rounded up once), and a table of rejections.
void TestStoreMigration::usageGetsCreditsAndRejectionsATable()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sluice.db"_s);
    {
        RawConnection raw(path);
        for (const char *statement : kVersion3) {
            QString error;
            QVERIFY2(raw.exec(QString::fromLatin1(statement), &error).isValid(), qPrintable(error));
        }
    }
    Store store;
    QVERIFY_OK(store.open(path));
    const UsageTotals ann = store.usageTotalsByUser(20000).value().value(u"ann"_s);
    QCOMPARE(ann.costNanoUsd, 33'000'000);
    QCOMPARE(ann.credits, 4);
    QCOMPARE(store.rejectionCount().value(), 0);
    StoreBatch batch;
    batch.appendRejection({0, 5000, 20000, u"ann"_s, u"llm"_s, u"QUEUE_FULL"_s, u"full"_s});
    QVERIFY_OK(store.commit(batch));
    const QList<RejectionRecord> rejections = store.rejections(u"ann"_s, 20000, 10).value();
    QCOMPARE(rejections.size(), 1);
    QCOMPARE(rejections.first().reason, u"QUEUE_FULL"_s);
    QCOMPARE(rejections.first().at, 5000);
}

QTEST_GUILESS_MAIN(TestStoreMigration)
#include "tst_storemigration.moc"
