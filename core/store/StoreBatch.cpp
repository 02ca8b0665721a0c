#include "store/StoreBatch.h"

#include <algorithm>

namespace sluice {

void StoreBatch::addUsage(const UsageDelta &delta)
{
    const UsageKey key{delta.day, delta.pool, delta.user, delta.tier};
    const auto found = m_usageIndex.constFind(key);
    if (found == m_usageIndex.constEnd()) {
        m_usageIndex.insert(key, m_usage.size());
        m_usage.append(delta);
        return;
    }
    UsageDelta &cell = m_usage[*found];
    cell.requests += delta.requests;
    cell.inputTokens += delta.inputTokens;
    cell.outputTokens += delta.outputTokens;
    cell.costNanoUsd += delta.costNanoUsd;
    cell.credits += delta.credits;
}

void StoreBatch::putRequest(const RequestRow &row)
{
    m_requestRemovals.remove(row.id);
    m_requestPuts.insert(row.id, row);
}

void StoreBatch::removeRequest(RequestId id)
{
    m_requestPuts.remove(id);
    m_requestRemovals.insert(id);
}

void StoreBatch::appendAudit(AuditEntry entry)
{
    m_audit.append(std::move(entry));
}

void StoreBatch::putConfigVersion(ConfigVersionRow row)
{
    const qint32 version = row.version;
    m_configVersions.insert(version, std::move(row));
}

void StoreBatch::putAlert(AlertRecord alert)
{
    const qint64 id = alert.id;
    m_alerts.insert(id, std::move(alert));
}

void StoreBatch::setUserTier(const QString &user, const QString &tier)
{
    m_userTiers.insert(user, tier);
}

void StoreBatch::putApiKey(ApiKeyRow key)
{
    const QString id = key.id;
    m_apiKeys.insert(id, std::move(key));
}

void StoreBatch::setMeta(const QString &key, const QString &value)
{
    m_meta.insert(key, value);
}

void StoreBatch::addWindow(const WindowSecond &delta)
{
    const std::pair<QString, qint64> key{delta.pool, delta.second};
    const auto found = m_windowIndex.constFind(key);
    if (found == m_windowIndex.constEnd()) {
        m_windowIndex.insert(key, m_window.size());
        m_window.append(delta);
        return;
    }
    m_window[*found].requests += delta.requests;
    m_window[*found].tokens += delta.tokens;
}

void StoreBatch::expireWindowBefore(qint64 second)
{
    m_windowExpiry = std::max(m_windowExpiry, second);
}

void StoreBatch::appendRejection(RejectionRecord rejection)
{
    m_rejections.append(std::move(rejection));
}

void StoreBatch::pruneRejections(qint32 beforeDay, qint64 keep)
{
    m_rejectionPrune = RejectionPrune{beforeDay, keep};
}

void StoreBatch::merge(StoreBatch &&later)
{
    if (isEmpty()) {
        *this = std::move(later);
        return;
    }
    for (const UsageDelta &delta : std::as_const(later.m_usage))
        addUsage(delta);
    for (const RequestId id : std::as_const(later.m_requestRemovals))
        removeRequest(id);
    for (const RequestRow &row : std::as_const(later.m_requestPuts))
        putRequest(row);
    m_audit.append(std::move(later.m_audit));
    m_configVersions.insert(later.m_configVersions);
    m_alerts.insert(later.m_alerts);
    m_userTiers.insert(later.m_userTiers);
    m_apiKeys.insert(later.m_apiKeys);
    m_meta.insert(later.m_meta);
    for (const WindowSecond &delta : std::as_const(later.m_window))
        addWindow(delta);
    expireWindowBefore(later.m_windowExpiry);
    m_rejections.append(std::move(later.m_rejections));
    if (later.m_rejectionPrune)
        m_rejectionPrune = later.m_rejectionPrune;
    later = StoreBatch();
}

qsizetype StoreBatch::size() const
{
    return m_usage.size() + m_requestPuts.size() + m_requestRemovals.size() + m_audit.size() +
           m_configVersions.size() + m_alerts.size() + m_userTiers.size() + m_apiKeys.size() +
           m_meta.size() + m_window.size() + (m_windowExpiry > 0 ? 1 : 0) + m_rejections.size() +
           (m_rejectionPrune ? 1 : 0);
}

} // namespace sluice
