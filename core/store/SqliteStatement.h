#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

namespace sluice {

/// One prepared write statement, bound and stepped through SQLite's C API on the connection
/// that QtSql opened (QSqlDriver::handle()). QtSql's positional binding formats a placeholder
/// name with QString::arg() and looks it up in a hash for every value bound, which cost more
/// than the SQL itself on the store writer's hot path. Values are bound as QtSql binds them:
/// integers as integers, a QString as UTF-16 text, a QByteArray as a blob (an empty one as an
/// empty blob, not NULL), std::nullopt as NULL. Bound values are not copied: they must live
/// until exec() returns.
///
/// Threading: the connection's thread only. Finalized on destruction, which must come before
/// the connection closes.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    /// The SQLite connection behind a QtSql QSQLITE connection; null for another driver.
    static sqlite3 *handleOf(const QSqlDatabase &db);

    /// Prepares `sql` on `db`; false on an error (then errorText() says which), like exec().
    bool prepare(sqlite3 *db, const QString &sql);
    /// Binds `values` to parameters 1..n, runs the statement to its end and resets it; false
    /// on an error (then errorText() says which).
    template<typename... Values> bool exec(const Values &...values)
    {
        int index = 0;
        (bind(++index, values), ...);
        return step();
    }
    /// Why the last prepare() or exec() failed.
    const QString &errorText() const { return m_error; }

private:
    void bind(int index, int value);
    void bind(int index, qint64 value);
    void bind(int index, double value);
    void bind(int index, const QString &value);
    void bind(int index, const QByteArray &value);
    void bind(int index, const std::optional<qint64> &value);
    bool step();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindError = 0; ///< the first failed bind since the last step
    QString m_error;
};

} // namespace sluice
