#pragma once

#include "store/StoreBatch.h"
#include "store/StoreOptions.h"
#include "store/StoreRecords.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace sluice {

class StoreStatements;

/// The engine's durable state in one SQLite file (WAL): usage per day, pool, user and tier;
/// configuration versions; the audit log; alert history; API keys; users' tiers; a small
/// meta table; waiting tickets and active leases.
///
/// One Store is one connection. It must be used only on the thread that opened it. Several
/// Stores (e.g. the engine's reader and the StoreWriter's connection) may use one file at
/// once: readers see the last committed state and never block the writer.
///
/// A read that fails (a closed store, a missing table, a disk error) returns STORE_FAILED
/// naming what it was reading and SQLite's reason, and logs it to lcStore: a failed read is
/// never taken for an empty one.
class Store
{
public:
    explicit Store(StoreOptions options = {});
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// Opens (creating if needed) the file at `path` and brings its schema up to date. The
    /// file and its WAL companions are made readable by their owner only (0600).
    /// STORE_FAILED (FILE_FAILED for the file itself) with a message naming the path and the
    /// reason (missing directory, not writable, not a database, newer schema, ...).
    Result<Done> open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    /// The schema version of the open file (`PRAGMA user_version`).
    int schemaVersion() const;
    /// Runs SQLite's integrity check; STORE_FAILED with the first problems found.
    Result<Done> checkIntegrity() const;

    /// Applies every operation of `batch` in one transaction: all or nothing.
    Result<Done> commit(const StoreBatch &batch);

    /// Every stored ticket and lease, in no particular order.
    Result<QList<RequestRow>> loadRequests() const;
    /// user -> tier.
    Result<QHash<QString, QString>> loadUserTiers() const;
    /// The window seconds from `fromSecond` on, per pool in time order.
    Result<QList<WindowSecond>> loadWindow(qint64 fromSecond) const;

    /// user -> usage on `day`, summed over pools and tiers.
    Result<QHash<QString, UsageTotals>> usageTotalsByUser(qint32 day) const;
    /// Usage on `day` per tier, ordered by tier.
    Result<QList<TierUsage>> usageByTier(qint32 day) const;
    /// Usage on `day` per (pool, tier), ordered by pool then tier.
    Result<QList<PoolTierUsage>> usageByPoolTier(qint32 day) const;
    /// One user's usage per day in [fromDay, toDay], days without usage left out, oldest first.
    Result<QList<DayUsage>> userUsageHistory(const QString &user, qint32 fromDay,
                                             qint32 toDay) const;
    /// Usage per (day, pool, tier) in [fromDay, toDay], cells without usage left out, ordered
    /// by day, pool, tier.
    Result<QList<PoolTierDay>> usageHistoryByPoolTier(qint32 fromDay, qint32 toDay) const;
    /// A user's rejections on quota day `day`, newest first, at most `limit` (<= 0: all).
    Result<QList<RejectionRecord>> rejections(const QString &user, qint32 day, int limit) const;
    /// Rejections kept now (RejectionLog bounds them).
    Result<qint64> rejectionCount() const;

    Result<std::optional<ConfigVersionRow>> configVersion(qint32 version) const;
    Result<std::optional<ConfigVersionRow>> latestConfigVersion() const;
    /// All configuration versions with their JSON, oldest first (loaded once at start).
    Result<QList<ConfigVersionRow>> loadConfigVersions() const;

    /// Audit entries matching `query`, newest first.
    Result<QList<AuditEntry>> audit(const AuditQuery &query) const;
    /// Alerts, newest first (by fired time). `limit` <= 0 means no limit.
    Result<QList<AlertRecord>> alerts(int limit, int offset = 0) const;
    /// Ended alerts and test alerts, newest first (by fired time).
    Result<QList<AlertRecord>> alertHistory(int limit, int offset = 0) const;
    Result<QList<ApiKeyRow>> readApiKeys() const;
    Result<std::optional<ApiKeyRow>> apiKey(const QString &id) const;
    Result<std::optional<QString>> meta(const QString &key) const;
    /// The highest alert id stored, 0 when there is none.
    Result<qint64> maxAlertId() const;
    /// The highest audit id ever assigned, 0 when there is none.
    Result<qint64> maxAuditId() const;

private:
    Result<Done> configure();
    /// STORE_FAILED naming the file and `reason`; closes the store.
    Error fail(const QString &reason);
    Result<qint64> scalar(QStringView what, const QString &sql) const;

    StoreOptions m_options;
    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    std::unique_ptr<StoreStatements> m_statements;
};

} // namespace sluice
