#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>

namespace sluice::test {

/// Damages the store file at `path` from outside, as a bad disk or a careless hand would:
/// drops `table` through a connection of its own. Returns SQLite's error, empty on success.
inline QString dropStoreTable(const QString &path, const QString &table)
{
    const QString name = QUuid::createUuid().toString();
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            error = db.lastError().text();
        else if (QSqlQuery query(db); !query.exec(QStringLiteral("DROP TABLE ") + table))
            error = query.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace sluice::test
