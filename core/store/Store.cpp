#include "store/Store.h"

#include "store/StoreQuery.h"

#include "store/StoreSchema.h"
#include "store/StoreStatements.h"
#include "util/Logging.h"
#include "util/PrivateFiles.h"

#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

QString uniqueConnectionName()
{
    static std::atomic<quint64> next{1};
    return u"sluice.store.%1"_s.arg(next.fetch_add(1));
}

Result<Done> execSql(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return Done{};
    return Error{errors::kStoreFailed, query.lastError().text(), {}};
}

} // namespace

Store::Store(StoreOptions options)
    : m_options(options)
    , m_connectionName(uniqueConnectionName())
{}

Store::~Store()
{
    close();
}

Result<Done> Store::open(const QString &path)
{
    close();
    if (path.isEmpty())
        return Error{errors::kStoreFailed, u"store path is empty"_s, {}};
    m_path = path;
    if (Result<Done> made = makePrivateDatabaseFile(path); !made)
        return made;
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!m_db.isValid())
        return fail(u"the Qt SQLite driver (QSQLITE) is not available"_s);
    m_db.setDatabaseName(path);
    if (!m_db.open())
        return fail(u"cannot open (does the directory exist and is it writable?): "_s +
                    m_db.lastError().text());
    if (Result<Done> configured = configure(); !configured)
        return fail(u"not a usable SQLite database: "_s + configured.error().message);
    if (Result<Done> migrated = StoreSchema::migrate(m_db); !migrated)
        return fail(migrated.error().message);
    m_statements = std::make_unique<StoreStatements>(m_db);
    if (Result<Done> prepared = m_statements->prepare(); !prepared)
        return fail(u"cannot prepare statements: "_s + prepared.error().message);
    qCDebug(lcStore) << "store opened:" << path;
    return Done{};
}

Result<Done> Store::configure()
{
    const QString synchronous =
        m_options.durability == StoreOptions::Durability::PowerLoss ? u"FULL"_s : u"NORMAL"_s;
    if (Result<Done> busy =
            execSql(m_db, u"PRAGMA busy_timeout = %1"_s.arg(m_options.busyTimeoutMs));
        !busy)
        return busy;
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA journal_mode = WAL"_s) || !query.next())
        return Error{errors::kStoreFailed, query.lastError().text(), {}};
    const QString mode = query.value(0).toString();
    if (mode.compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        return Error{
            errors::kStoreFailed, u"cannot switch to WAL journal mode (got '%1')"_s.arg(mode), {}};
    return execSql(m_db, u"PRAGMA synchronous = "_s + synchronous);
}

Error Store::fail(const QString &reason)
{
    Error error{errors::kStoreFailed, u"store '%1': %2"_s.arg(m_path, reason), {}};
    close();
    return error;
}

void Store::close()
{
    m_statements.reset();
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
}

bool Store::isOpen() const
{
    return m_statements != nullptr;
}

int Store::schemaVersion() const
{
    return isOpen() ? StoreSchema::version(m_db) : -1;
}

Result<Done> Store::checkIntegrity() const
{
    if (!isOpen())
        return Error{errors::kStoreFailed, u"store is not open"_s, {}};
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA integrity_check(10)"_s))
        return Error{errors::kStoreFailed, query.lastError().text(), {}};
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems == QStringList{u"ok"_s})
        return Done{};
    return Error{errors::kStoreFailed,
                 u"store '%1' failed its integrity check: %2"_s.arg(
                     m_path, problems.join(u"; ").replace(u'\n', u"; "_s)),
                 {}};
}

Result<Done> Store::commit(const StoreBatch &batch)
{
    if (!isOpen())
        return Error{errors::kStoreFailed, u"store is not open"_s, {}};
    if (batch.isEmpty())
        return Done{};
    if (Result<Done> begun = execSql(m_db, u"BEGIN IMMEDIATE"_s); !begun)
        return Error{
            errors::kStoreFailed,
            u"store '%1': cannot begin a transaction: %2"_s.arg(m_path, begun.error().message),
            {}};
    Result<Done> applied = m_statements->apply(batch);
    if (applied)
        applied = execSql(m_db, u"COMMIT"_s);
    if (applied)
        return Done{};
    (void)execSql(m_db, u"ROLLBACK"_s); // what failed is reported; a failed rollback adds nothing
    return Error{errors::kStoreFailed,
                 u"store '%1': commit of %2 operations failed: %3"_s.arg(
                     m_path, QString::number(batch.size()), applied.error().message),
                 {}};
}

Result<qint64> Store::scalar(QStringView what, const QString &sql) const
{
    const Result<std::optional<qint64>> row =
        storeRow(m_db, what, sql, {}, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
    if (!row)
        return row.error();
    return row->value_or(0);
}

Result<qint64> Store::maxAlertId() const
{
    return scalar(u"the last alert id", u"SELECT coalesce(max(id), 0) FROM alerts"_s);
}

Result<qint64> Store::maxAuditId() const
{
    return scalar(u"the last audit id",
                  u"SELECT max(coalesce((SELECT max(id) FROM audit), 0),"
                  " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0))"_s);
}

} // namespace sluice
