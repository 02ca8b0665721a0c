#pragma once

// Helpers shared by the store tests: a raw SQLite connection beside the Store under test.

#include "store/StoreRecords.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace sluice::test {

/// A plain QSQLITE connection to a file, removed again on destruction.
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
        : m_name(QStringLiteral("raw.%1").arg(quintptr(this)))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    QSqlDatabase &db() { return m_db; }

    /// Runs `sql`; returns the first column of the first row, or an invalid QVariant.
    /// Sets `error` (if given) on failure.
    QVariant exec(const QString &sql, QString *error = nullptr)
    {
        QSqlQuery query(m_db);
        if (!query.exec(sql)) {
            if (error)
                *error = query.lastError().text();
            return {};
        }
        return query.next() ? query.value(0) : QVariant(true);
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};

inline UsageDelta usage(qint32 day, const QString &pool, const QString &user, const QString &tier,
                        qint64 requests, qint64 input, qint64 output, qint64 cost)
{
    return UsageDelta{day, pool, user, tier, requests, input, output, cost};
}

inline RequestRow requestRow(RequestId id, qint64 tokens = 0)
{
    RequestRow row;
    row.id = id;
    row.tokens = tokens;
    return row;
}

inline AuditEntry auditEntry(TimeMs at, const QString &action, const QString &detail = {})
{
    AuditEntry entry;
    entry.at = at;
    entry.action = action;
    entry.detail = detail;
    return entry;
}

inline AlertRecord alertRecord(qint64 id, const QString &message = {})
{
    AlertRecord alert;
    alert.id = id;
    alert.message = message;
    return alert;
}

inline ApiKeyRow apiKeyRow(const QString &id, const QString &name = {})
{
    ApiKeyRow key;
    key.id = id;
    key.name = name;
    return key;
}

inline ConfigVersionRow configVersionRow(qint32 version, const QString &note = {})
{
    ConfigVersionRow row;
    row.version = version;
    row.note = note;
    return row;
}

} // namespace sluice::test
