#pragma once

#include "store/StoreRecords.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

#include <optional>

namespace sluice {

/// Changes to the store, collected by the engine and committed in one transaction.
/// Operations coalesce as they are added:
/// - usage deltas sum per (day, pool, user, tier) cell;
/// - per request id, per alert id, per API key id, per user (tier), per meta key and per
///   config version, the last operation wins (put then remove = remove);
/// - audit entries keep their order.
/// A value type: cheap to move, not thread-safe (hand it over by moving it).
class StoreBatch
{
public:
    void addUsage(const UsageDelta &delta);
    void putRequest(const RequestRow &row);
    void removeRequest(RequestId id);
    /// An entry with id 0 gets the next id from the store; a non-zero id replaces an
    /// existing entry with that id.
    void appendAudit(AuditEntry entry);
    void putConfigVersion(ConfigVersionRow row);
    /// Inserts or replaces the alert with the same id.
    void putAlert(AlertRecord alert);
    /// An empty tier removes the user's assignment.
    void setUserTier(const QString &user, const QString &tier);
    /// Inserts or replaces the key with the same id.
    void putApiKey(ApiKeyRow key);
    void setMeta(const QString &key, const QString &value);
    /// Adds to a pool's window second; deltas sum per (pool, second).
    void addWindow(const WindowSecond &delta);
    /// Drops window seconds before `second` (they have left every window); the latest wins.
    void expireWindowBefore(qint64 second);
    /// Appends a rejection; the store numbers them in order.
    void appendRejection(RejectionRecord rejection);
    /// After this batch's rejections are in, drops those of quota days before `beforeDay` and
    /// all but the newest `keep`; the latest call wins.
    void pruneRejections(qint32 beforeDay, qint64 keep);

    /// Applies `later`'s operations on top of this batch's, as if they had been added here.
    void merge(StoreBatch &&later);

    bool isEmpty() const { return size() == 0; }
    /// Number of operations left after coalescing.
    qsizetype size() const;

    const QList<UsageDelta> &usage() const { return m_usage; }
    /// Requests to store, by id; disjoint from requestRemovals().
    const QHash<RequestId, RequestRow> &requestPuts() const { return m_requestPuts; }
    const QSet<RequestId> &requestRemovals() const { return m_requestRemovals; }
    const QList<AuditEntry> &audit() const { return m_audit; }
    const QMap<qint32, ConfigVersionRow> &configVersions() const { return m_configVersions; }
    const QHash<qint64, AlertRecord> &alerts() const { return m_alerts; }
    /// Per user: the tier, or an empty string to remove the assignment.
    const QHash<QString, QString> &userTiers() const { return m_userTiers; }
    const QHash<QString, ApiKeyRow> &apiKeys() const { return m_apiKeys; }
    const QHash<QString, QString> &meta() const { return m_meta; }
    const QList<WindowSecond> &window() const { return m_window; }
    /// 0: nothing to expire.
    qint64 windowExpiry() const { return m_windowExpiry; }
    const QList<RejectionRecord> &rejections() const { return m_rejections; }
    struct RejectionPrune
    {
        qint32 beforeDay = 0;
        qint64 keep = 0;
    };
    /// nullopt: no pruning in this batch.
    const std::optional<RejectionPrune> &rejectionPrune() const { return m_rejectionPrune; }

private:
    struct UsageKey
    {
        qint32 day;
        QString pool;
        QString user;
        QString tier;
        friend bool operator==(const UsageKey &, const UsageKey &) = default;
        friend size_t qHash(const UsageKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.day, key.pool, key.user, key.tier);
        }
    };

    QList<UsageDelta> m_usage;
    QHash<UsageKey, qsizetype> m_usageIndex;
    QHash<RequestId, RequestRow> m_requestPuts;
    QSet<RequestId> m_requestRemovals;
    QList<AuditEntry> m_audit;
    QMap<qint32, ConfigVersionRow> m_configVersions;
    QHash<qint64, AlertRecord> m_alerts;
    QHash<QString, QString> m_userTiers;
    QHash<QString, ApiKeyRow> m_apiKeys;
    QHash<QString, QString> m_meta;
    QList<WindowSecond> m_window;
    QHash<std::pair<QString, qint64>, qsizetype> m_windowIndex;
    qint64 m_windowExpiry = 0;
    QList<RejectionRecord> m_rejections;
    std::optional<RejectionPrune> m_rejectionPrune;
};

} // namespace sluice
