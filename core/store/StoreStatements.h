#pragma once

#include "store/StoreBatch.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace sluice {

/// The store's prepared write statements on one connection, and how a StoreBatch maps onto
/// them. Internal to Store; used on the connection's thread only.
class StoreStatements
{
public:
    explicit StoreStatements(const QSqlDatabase &db);
    bool prepare(QString *error);
    /// Runs every operation of `batch`; the caller owns the transaction.
    bool apply(const StoreBatch &batch, QString *error);

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

    QSqlQuery m_upsertUsage;
    QSqlQuery m_putRequest;
    QSqlQuery m_removeRequest;
    QSqlQuery m_putAudit;
    QSqlQuery m_putConfigVersion;
    QSqlQuery m_putAlert;
    QSqlQuery m_setUserTier;
    QSqlQuery m_removeUserTier;
    QSqlQuery m_putApiKey;
    QSqlQuery m_setMeta;
    QSqlQuery m_addWindow;
    QSqlQuery m_expireWindow;
    QSqlQuery *m_failed = nullptr;
};

} // namespace sluice
