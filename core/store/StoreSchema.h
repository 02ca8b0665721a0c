#pragma once

#include "util/Result.h"

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
    /// The file's `user_version`, or -1 when it cannot be read.
    static int version(const QSqlDatabase &db);
    /// Brings an open database to latestVersion(). Running it again does nothing.
    /// STORE_FAILED, naming the reason, for a newer version, a foreign file or an SQL error.
    static Result<Done> migrate(const QSqlDatabase &db);
};

} // namespace sluice
