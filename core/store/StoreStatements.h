#pragma once

#include "util/Result.h"

#include "store/SqliteStatement.h"
#include "store/StoreBatch.h"

#include <QSqlDatabase>

namespace sluice {

/// The store's prepared write statements on one connection, and how a StoreBatch maps onto
/// them (bound through SQLite's C API: SqliteStatement). Internal to Store; used on the
/// connection's thread only, destroyed before the connection closes.
class StoreStatements
{
public:
    explicit StoreStatements(const QSqlDatabase &db);
    Result<Done> prepare();
    /// Runs every operation of `batch`; the caller owns the transaction.
    Result<Done> apply(const StoreBatch &batch);

private:
    bool applyUsage(const StoreBatch &batch);
    bool applyRequests(const StoreBatch &batch);
    bool applyAudit(const StoreBatch &batch);
    bool applyConfigVersions(const StoreBatch &batch);
    bool applyAlerts(const StoreBatch &batch);
    bool applyUserTiers(const StoreBatch &batch);
    bool applyApiKeys(const StoreBatch &batch);
    bool applyMeta(const StoreBatch &batch);
    bool applyWindow(const StoreBatch &batch);
    bool applyRejections(const StoreBatch &batch);

    SqliteStatement m_upsertUsage;
    SqliteStatement m_putRequest;
    SqliteStatement m_removeRequest;
    SqliteStatement m_putAudit;
    SqliteStatement m_putConfigVersion;
    SqliteStatement m_putAlert;
    SqliteStatement m_setUserTier;
    SqliteStatement m_removeUserTier;
    SqliteStatement m_putApiKey;
    SqliteStatement m_setMeta;
    SqliteStatement m_addWindow;
    SqliteStatement m_expireWindow;
    SqliteStatement m_addRejection;
    SqliteStatement m_pruneRejections;
    sqlite3 *m_handle; ///< QtSql's connection, null when it is not SQLite
    SqliteStatement *m_failed = nullptr;
};

} // namespace sluice
