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

bool execSql(const QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = query.lastError().text();
    return false;
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

bool Store::open(const QString &path, QString *error)
{
    close();
    if (path.isEmpty()) {
        *error = u"store path is empty"_s;
        return false;
    }
    m_path = path;
    if (!makePrivateDatabaseFile(path, error))
        return false;
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!m_db.isValid())
        return fail(error, u"the Qt SQLite driver (QSQLITE) is not available"_s);
    m_db.setDatabaseName(path);
    if (!m_db.open())
        return fail(error, u"cannot open (does the directory exist and is it writable?): "_s +
                               m_db.lastError().text());
    QString reason;
    if (!configure(&reason))
        return fail(error, u"not a usable SQLite database: "_s + reason);
    if (!StoreSchema::migrate(m_db, &reason))
        return fail(error, reason);
    m_statements = std::make_unique<StoreStatements>(m_db);
    if (!m_statements->prepare(&reason))
        return fail(error, u"cannot prepare statements: "_s + reason);
    qCDebug(lcStore) << "store opened:" << path;
    return true;
}

bool Store::configure(QString *error)
{
    const QString synchronous =
        m_options.durability == StoreOptions::Durability::PowerLoss ? u"FULL"_s : u"NORMAL"_s;
    if (!execSql(m_db, u"PRAGMA busy_timeout = %1"_s.arg(m_options.busyTimeoutMs), error))
        return false;
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA journal_mode = WAL"_s) || !query.next()) {
        *error = query.lastError().text();
        return false;
    }
    const QString mode = query.value(0).toString();
    if (mode.compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        *error = u"cannot switch to WAL journal mode (got '%1')"_s.arg(mode);
        return false;
    }
    return execSql(m_db, u"PRAGMA synchronous = "_s + synchronous, error);
}

bool Store::fail(QString *error, const QString &reason)
{
    *error = u"store '%1': %2"_s.arg(m_path, reason);
    close();
    return false;
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

bool Store::checkIntegrity(QString *error) const
{
    if (!isOpen()) {
        *error = u"store is not open"_s;
        return false;
    }
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA integrity_check(10)"_s)) {
        *error = query.lastError().text();
        return false;
    }
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems == QStringList{u"ok"_s})
        return true;
    *error = u"store '%1' failed its integrity check: %2"_s.arg(
        m_path, problems.join(u"; ").replace(u'\n', u"; "_s));
    return false;
}

bool Store::commit(const StoreBatch &batch, QString *error)
{
    if (!isOpen()) {
        *error = u"store is not open"_s;
        return false;
    }
    if (batch.isEmpty())
        return true;
    QString reason;
    if (!execSql(m_db, u"BEGIN IMMEDIATE"_s, &reason)) {
        *error = u"store '%1': cannot begin a transaction: %2"_s.arg(m_path, reason);
        return false;
    }
    if (m_statements->apply(batch, &reason) && execSql(m_db, u"COMMIT"_s, &reason))
        return true;
    *error = u"store '%1': commit of %2 operations failed: %3"_s.arg(
        m_path, QString::number(batch.size()), reason);
    QString ignored;
    execSql(m_db, u"ROLLBACK"_s, &ignored);
    return false;
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
