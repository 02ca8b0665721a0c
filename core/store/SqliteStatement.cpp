#include "store/SqliteStatement.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace sluice {

namespace {
// A non-null pointer for empty values: SQLite binds a null pointer as NULL.
constexpr char16_t kEmptyText[] = u"";
constexpr char kEmptyBlob[] = "";
} // namespace

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

sqlite3 *SqliteStatement::handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool SqliteStatement::prepare(sqlite3 *db, const QString &sql)
{
    m_db = db;
    sqlite3_finalize(std::exchange(m_statement, nullptr));
    if (sqlite3_prepare16_v3(db, sql.utf16(), int(sql.size() * sizeof(char16_t)),
                             SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    }
    return true;
}

void SqliteStatement::bind(int index, int value)
{
    if (const int rc = sqlite3_bind_int(m_statement, index, value); rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

void SqliteStatement::bind(int index, qint64 value)
{
    if (const int rc = sqlite3_bind_int64(m_statement, index, value);
        rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

void SqliteStatement::bind(int index, double value)
{
    if (const int rc = sqlite3_bind_double(m_statement, index, value);
        rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

void SqliteStatement::bind(int index, const QString &value)
{
    const void *text = value.isEmpty() ? static_cast<const void *>(kEmptyText)
                                       : static_cast<const void *>(value.constData());
    if (const int rc = sqlite3_bind_text16(m_statement, index, text,
                                           int(value.size() * sizeof(char16_t)), SQLITE_STATIC);
        rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

void SqliteStatement::bind(int index, const QByteArray &value)
{
    const char *bytes = value.isEmpty() ? kEmptyBlob : value.constData();
    if (const int rc =
            sqlite3_bind_blob(m_statement, index, bytes, int(value.size()), SQLITE_STATIC);
        rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

void SqliteStatement::bind(int index, const std::optional<qint64> &value)
{
    if (value) {
        bind(index, *value);
        return;
    }
    if (const int rc = sqlite3_bind_null(m_statement, index); rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
}

bool SqliteStatement::step()
{
    if (const int bindError = std::exchange(m_bindError, 0)) {
        m_error = QString::fromUtf8(sqlite3_errstr(bindError));
        sqlite3_reset(m_statement);
        return false;
    }
    const int rc = sqlite3_step(m_statement);
    const bool ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok)
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    return ok;
}

} // namespace sluice
