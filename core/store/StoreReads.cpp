// The read side of Store: queries for start-up, quotas, history and the operations API.
#include "store/Store.h"

#include "store/StoreQuery.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

constexpr auto alertColumns = "id, rule_id, metric, target, threshold, peak, fired_at,"
                              " cleared_at, acked_at, acked_by, message";

AlertRecord alertFrom(const QSqlQuery &q)
{
    return AlertRecord{q.value(0).toLongLong(), q.value(1).toString(),   q.value(2).toString(),
                       q.value(3).toString(),   q.value(4).toDouble(),   q.value(5).toDouble(),
                       q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toLongLong(),
                       q.value(9).toString(),   q.value(10).toString()};
}

ApiKeyRow apiKeyFrom(const QSqlQuery &q)
{
    return ApiKeyRow{q.value(0).toString(),    q.value(1).toString(),   q.value(2).toString(),
                     q.value(3).toByteArray(), q.value(4).toLongLong(), q.value(5).toLongLong()};
}

ConfigVersionRow configVersionFrom(const QSqlQuery &q)
{
    return ConfigVersionRow{q.value(0).toInt(), q.value(1).toLongLong(), q.value(2).toString(),
                            q.value(3).toString(), q.value(4).toByteArray()};
}

// `LIKE` pattern matching `text` anywhere, with LIKE's wildcards escaped.
QString containing(QString text)
{
    text.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + text + u'%';
}

QString pagingClause(int limit, int offset)
{
    return u" LIMIT %1 OFFSET %2"_s.arg(limit > 0 ? limit : -1).arg(qMax(offset, 0));
}

} // namespace

QList<RequestRow> Store::loadRequests() const
{
    QList<RequestRow> rows;
    QSqlQuery q = storeSelect(m_db, u"SELECT id, state, pool, user, tier, context_id, tokens,"
                               " enqueued_at, wait_deadline, arrival, priority, granted_at,"
                               " last_heartbeat, owner, secret FROM requests"_s);
    while (q.next()) {
        const auto state = q.value(1).toInt() == int(RequestRow::State::Active)
                               ? RequestRow::State::Active
                               : RequestRow::State::Waiting;
        rows.append(RequestRow{
            RequestId(q.value(0).toLongLong()), state, q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString(), q.value(6).toLongLong(),
            q.value(7).toLongLong(), q.value(8).toLongLong(), quint64(q.value(9).toLongLong()),
            q.value(10).toInt(), q.value(11).toLongLong(), q.value(12).toLongLong(),
            q.value(13).toString(), q.value(14).toByteArray()});
    }
    return rows;
}

QHash<QString, QString> Store::loadUserTiers() const
{
    QHash<QString, QString> tiers;
    QSqlQuery q = storeSelect(m_db, u"SELECT user, tier FROM user_tiers"_s);
    while (q.next())
        tiers.insert(q.value(0).toString(), q.value(1).toString());
    return tiers;
}

QList<WindowSecond> Store::loadWindow(qint64 fromSecond) const
{
    QList<WindowSecond> rows;
    QSqlQuery q = storeSelect(m_db,
                         u"SELECT pool, second, requests, tokens FROM window_seconds"
                         " WHERE second >= ? ORDER BY pool, second"_s,
                         {fromSecond});
    while (q.next())
        rows.append(WindowSecond{q.value(0).toString(), q.value(1).toLongLong(),
                                 q.value(2).toLongLong(), q.value(3).toLongLong()});
    return rows;
}

QList<ConfigVersionRow> Store::loadConfigVersions() const
{
    QList<ConfigVersionRow> rows;
    QSqlQuery q = storeSelect(m_db, u"SELECT version, at, actor, note, json FROM config_versions"
                               " ORDER BY version"_s);
    while (q.next())
        rows.append(configVersionFrom(q));
    return rows;
}

std::optional<ConfigVersionRow> Store::configVersion(qint32 version) const
{
    QSqlQuery q = storeSelect(m_db,
                         u"SELECT version, at, actor, note, json FROM config_versions"
                         " WHERE version = ?"_s,
                         {version});
    return q.next() ? std::optional(configVersionFrom(q)) : std::nullopt;
}

std::optional<ConfigVersionRow> Store::latestConfigVersion() const
{
    QSqlQuery q = storeSelect(m_db, u"SELECT version, at, actor, note, json FROM config_versions"
                               " ORDER BY version DESC LIMIT 1"_s);
    return q.next() ? std::optional(configVersionFrom(q)) : std::nullopt;
}

QList<AuditEntry> Store::audit(const AuditQuery &query) const
{
    QStringList conditions;
    QVariantList values;
    const std::pair<const char *, const QString *> textFilters[] = {
        {"actor", &query.actor}, {"action", &query.action}, {"target", &query.target}};
    for (const auto &[column, filter] : textFilters) {
        if (filter->isEmpty())
            continue;
        conditions.append(QLatin1StringView(column) + u" LIKE ? ESCAPE '\\'"_s);
        values.append(containing(*filter));
    }
    if (query.from != 0) {
        conditions.append(u"at >= ?"_s);
        values.append(query.from);
    }
    if (query.to != 0) {
        conditions.append(u"at < ?"_s);
        values.append(query.to);
    }
    const QString where =
        conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND ");
    QList<AuditEntry> rows;
    QSqlQuery q =
        storeSelect(m_db,
               u"SELECT id, at, actor, action, target, detail FROM audit"_s + where +
                   u" ORDER BY at DESC, id DESC"_s + pagingClause(query.limit, query.offset),
               values);
    while (q.next())
        rows.append(AuditEntry{q.value(0).toLongLong(), q.value(1).toLongLong(),
                               q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                               q.value(5).toString()});
    return rows;
}

QList<AlertRecord> Store::alerts(int limit, int offset) const
{
    QList<AlertRecord> rows;
    QSqlQuery q = storeSelect(m_db, u"SELECT %1 FROM alerts ORDER BY fired_at DESC, id DESC"_s.arg(
                                   QLatin1StringView(alertColumns)) +
                                   pagingClause(limit, offset));
    while (q.next())
        rows.append(alertFrom(q));
    return rows;
}

QList<AlertRecord> Store::alertHistory(int limit, int offset) const
{
    QList<AlertRecord> rows;
    QSqlQuery q = storeSelect(m_db, u"SELECT %1 FROM alerts WHERE cleared_at != 0 OR metric = 'test'"
                               " ORDER BY fired_at DESC, id DESC"_s.arg(
                                   QLatin1StringView(alertColumns)) +
                                   pagingClause(limit, offset));
    while (q.next())
        rows.append(alertFrom(q));
    return rows;
}

std::optional<QList<ApiKeyRow>> Store::readApiKeys(QString *error) const
{
    const QString sql =
        u"SELECT id, name, role, hash, created_at, revoked_at FROM api_keys ORDER BY id"_s;
    QSqlQuery q = storeSelect(m_db, sql);
    if (!q.isActive()) {
        *error = m_db.isOpen() ? u"cannot read the API keys: %1"_s.arg(q.lastError().text())
                               : u"cannot read the API keys: the store is closed"_s;
        return std::nullopt;
    }
    QList<ApiKeyRow> rows;
    while (q.next())
        rows.append(apiKeyFrom(q));
    return rows;
}

std::optional<ApiKeyRow> Store::apiKey(const QString &id) const
{
    QSqlQuery q = storeSelect(m_db,
                         u"SELECT id, name, role, hash, created_at, revoked_at FROM api_keys"
                         " WHERE id = ?"_s,
                         {id});
    return q.next() ? std::optional(apiKeyFrom(q)) : std::nullopt;
}

std::optional<QString> Store::meta(const QString &key) const
{
    QSqlQuery q = storeSelect(m_db, u"SELECT value FROM meta WHERE key = ?"_s, {key});
    return q.next() ? std::optional(q.value(0).toString()) : std::nullopt;
}

} // namespace sluice
