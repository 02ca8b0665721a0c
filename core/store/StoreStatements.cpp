#include "store/StoreStatements.h"

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

template<typename... Values>
bool execWith(SqliteStatement &statement, SqliteStatement *&failed, const Values &...values)
{
    if (statement.exec(values...))
        return true;
    failed = &statement;
    return false;
}

} // namespace

StoreStatements::StoreStatements(const QSqlDatabase &db)
    : m_handle(SqliteStatement::handleOf(db))
{}

Result<Done> StoreStatements::prepare()
{
    if (!m_handle)
        return Error{errors::kStoreFailed, u"not a QSQLITE connection"_s, {}};
    const std::pair<SqliteStatement *, QString> statements[] = {
        {&m_upsertUsage, u"INSERT INTO usage_daily (day, pool, user, tier, requests, input_tokens,"
                         " output_tokens, cost_nano_usd, credits)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (day, pool, user, tier) DO UPDATE SET"
                         " requests = requests + excluded.requests,"
                         " input_tokens = input_tokens + excluded.input_tokens,"
                         " output_tokens = output_tokens + excluded.output_tokens,"
                         " cost_nano_usd = cost_nano_usd + excluded.cost_nano_usd,"
                         " credits = credits + excluded.credits"_s},
        {&m_putRequest,
         u"INSERT OR REPLACE INTO requests (id, state, pool, user, tier, context_id, tokens,"
         " enqueued_at, wait_deadline, arrival, priority, granted_at, last_heartbeat, owner,"
         " secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s},
        {&m_removeRequest, u"DELETE FROM requests WHERE id = ?"_s},
        {&m_putAudit, u"INSERT OR REPLACE INTO audit (id, at, actor, action, target, detail)"
                      " VALUES (?, ?, ?, ?, ?, ?)"_s},
        {&m_putConfigVersion,
         u"INSERT OR REPLACE INTO config_versions (version, at, actor, note, json)"
         " VALUES (?, ?, ?, ?, ?)"_s},
        {&m_putAlert,
         u"INSERT OR REPLACE INTO alerts (id, rule_id, metric, target, threshold, peak,"
         " fired_at, cleared_at, acked_at, acked_by, message)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s},
        {&m_setUserTier, u"INSERT OR REPLACE INTO user_tiers (user, tier) VALUES (?, ?)"_s},
        {&m_removeUserTier, u"DELETE FROM user_tiers WHERE user = ?"_s},
        {&m_putApiKey,
         u"INSERT OR REPLACE INTO api_keys (id, name, role, hash, created_at, revoked_at)"
         " VALUES (?, ?, ?, ?, ?, ?)"_s},
        {&m_setMeta, u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s},
        {&m_addWindow, u"INSERT INTO window_seconds (pool, second, requests, tokens)"
                       " VALUES (?, ?, ?, ?) ON CONFLICT (pool, second) DO UPDATE SET"
                       " requests = requests + excluded.requests,"
                       " tokens = tokens + excluded.tokens"_s},
        {&m_expireWindow, u"DELETE FROM window_seconds WHERE second < ?"_s},
        {&m_addRejection, u"INSERT INTO rejections (at, day, user, pool, reason, message)"
                          " VALUES (?, ?, ?, ?, ?, ?)"_s},
        {&m_pruneRejections, u"DELETE FROM rejections WHERE day < ?"
                             " OR id <= (SELECT max(id) FROM rejections) - ?"_s},
    };
    for (const auto &[query, sql] : statements) {
        if (!query->prepare(m_handle, sql))
            return Error{errors::kStoreFailed, query->errorText(), {}};
    }
    return Done{};
}

Result<Done> StoreStatements::apply(const StoreBatch &batch)
{
    m_failed = nullptr;
    const bool ok = applyUsage(batch) && applyRequests(batch) && applyAudit(batch) &&
                    applyConfigVersions(batch) && applyAlerts(batch) && applyUserTiers(batch) &&
                    applyApiKeys(batch) && applyMeta(batch) && applyWindow(batch) &&
                    applyRejections(batch);
    if (ok)
        return Done{};
    return Error{
        errors::kStoreFailed, m_failed ? m_failed->errorText() : u"a statement failed"_s, {}};
}

bool StoreStatements::applyUsage(const StoreBatch &batch)
{
    for (const UsageDelta &d : batch.usage()) {
        if (!execWith(m_upsertUsage, m_failed, d.day, d.pool, d.user, d.tier, d.requests,
                      d.inputTokens, d.outputTokens, d.costNanoUsd, d.credits))
            return false;
    }
    return true;
}

bool StoreStatements::applyWindow(const StoreBatch &batch)
{
    if (batch.windowExpiry() > 0 && !execWith(m_expireWindow, m_failed, batch.windowExpiry()))
        return false;
    for (const WindowSecond &w : batch.window()) {
        if (w.second >= batch.windowExpiry() &&
            !execWith(m_addWindow, m_failed, w.pool, w.second, w.requests, w.tokens))
            return false;
    }
    return true;
}

bool StoreStatements::applyRejections(const StoreBatch &batch)
{
    for (const RejectionRecord &r : batch.rejections()) {
        if (!execWith(m_addRejection, m_failed, r.at, r.day, r.user, r.pool, r.reason, r.message))
            return false;
    }
    const auto &prune = batch.rejectionPrune();
    return !prune || execWith(m_pruneRejections, m_failed, prune->beforeDay, prune->keep);
}

bool StoreStatements::applyRequests(const StoreBatch &batch)
{
    // SQLite integers are signed: ids and seqs keep their 64 bits and are read back the same way.
    for (const RequestId id : batch.requestRemovals()) {
        if (!execWith(m_removeRequest, m_failed, qint64(id)))
            return false;
    }
    for (const RequestRow &r : batch.requestPuts()) {
        if (!execWith(m_putRequest, m_failed, qint64(r.id), int(r.state), r.pool, r.user, r.tier,
                      r.contextId, r.tokens, r.enqueuedAt, r.waitDeadline, qint64(r.arrival),
                      r.priority, r.grantedAt, r.lastHeartbeat, r.owner, r.secret))
            return false;
    }
    return true;
}

bool StoreStatements::applyAudit(const StoreBatch &batch)
{
    for (const AuditEntry &e : batch.audit()) {
        const std::optional<qint64> id = e.id == 0 ? std::nullopt : std::optional<qint64>(e.id);
        if (!execWith(m_putAudit, m_failed, id, e.at, e.actor, e.action, e.target, e.detail))
            return false;
    }
    return true;
}

bool StoreStatements::applyConfigVersions(const StoreBatch &batch)
{
    for (const ConfigVersionRow &c : batch.configVersions()) {
        if (!execWith(m_putConfigVersion, m_failed, c.version, c.at, c.actor, c.note, c.json))
            return false;
    }
    return true;
}

bool StoreStatements::applyAlerts(const StoreBatch &batch)
{
    for (const AlertRecord &a : batch.alerts()) {
        if (!execWith(m_putAlert, m_failed, a.id, a.ruleId, a.metric, a.target, a.threshold, a.peak,
                      a.firedAt, a.clearedAt, a.ackedAt, a.ackedBy, a.message))
            return false;
    }
    return true;
}

bool StoreStatements::applyUserTiers(const StoreBatch &batch)
{
    const auto &tiers = batch.userTiers();
    for (auto it = tiers.cbegin(); it != tiers.cend(); ++it) {
        const bool ok = it.value().isEmpty()
                            ? execWith(m_removeUserTier, m_failed, it.key())
                            : execWith(m_setUserTier, m_failed, it.key(), it.value());
        if (!ok)
            return false;
    }
    return true;
}

bool StoreStatements::applyApiKeys(const StoreBatch &batch)
{
    for (const ApiKeyRow &k : batch.apiKeys()) {
        if (!execWith(m_putApiKey, m_failed, k.id, k.name, k.role, k.hash, k.createdAt,
                      k.revokedAt))
            return false;
    }
    return true;
}

bool StoreStatements::applyMeta(const StoreBatch &batch)
{
    const auto &meta = batch.meta();
    for (auto it = meta.cbegin(); it != meta.cend(); ++it) {
        if (!execWith(m_setMeta, m_failed, it.key(), it.value()))
            return false;
    }
    return true;
}

} // namespace sluice
