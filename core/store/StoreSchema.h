#pragma once

#include <QString>

class QSqlDatabase;

namespace sluice {

/// The store's tables, created and upgraded by numbered migrations. The version reached
/// is kept in `PRAGMA user_version`; each migration runs in its own transaction together
/// with the version bump, so a crash mid-upgrade leaves the previous version intact.
/// Files are marked with `PRAGMA application_id` so that a foreign SQLite file is refused.
class StoreSchema
{
public:
    /// The version this build creates and understands.
    static int latestVersion();
    /// The file's `user_version`, or -1 (with `error` set) when it cannot be read.
    static int version(const QSqlDatabase &db, QString *error = nullptr);
    /// Brings an open database to latestVersion(). Running it again does nothing.
    /// Fails, naming the reason, for a newer version, a foreign file or an SQL error.
    static bool migrate(const QSqlDatabase &db, QString *error);
};

} // namespace sluice
