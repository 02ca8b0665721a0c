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

Result<QList<RequestRow>> Store::loadRequests() const
{
    return storeRows(m_db, u"the requests",
                     u"SELECT id, state, pool, user, tier, context_id, tokens, enqueued_at,"
                     " wait_deadline, arrival, priority, granted_at, last_heartbeat, owner,"
                     " secret FROM requests"_s,
                     {}, [](const QSqlQuery &q) {
                         const auto state = q.value(1).toInt() == int(RequestRow::State::Active)
                                                ? RequestRow::State::Active
                                                : RequestRow::State::Waiting;
                         return RequestRow{RequestId(q.value(0).toLongLong()),
                                           state,
                                           q.value(2).toString(),
                                           q.value(3).toString(),
                                           q.value(4).toString(),
                                           q.value(5).toString(),
                                           q.value(6).toLongLong(),
                                           q.value(7).toLongLong(),
                                           q.value(8).toLongLong(),
                                           quint64(q.value(9).toLongLong()),
                                           q.value(10).toInt(),
                                           q.value(11).toLongLong(),
                                           q.value(12).toLongLong(),
                                           q.value(13).toString(),
                                           q.value(14).toByteArray()};
                     });
}

Result<QHash<QString, QString>> Store::loadUserTiers() const
{
    QHash<QString, QString> tiers;
    const Result<Done> read =
        storeEach(m_db, u"the users' tiers", u"SELECT user, tier FROM user_tiers"_s, {},
                  [&tiers](const QSqlQuery &q) {
                      tiers.insert(q.value(0).toString(), q.value(1).toString());
                  });
    return readValue(read, std::move(tiers));
}

Result<QList<WindowSecond>> Store::loadWindow(qint64 fromSecond) const
{
    return storeRows(m_db, u"the rate windows",
                     u"SELECT pool, second, requests, tokens FROM window_seconds"
                     " WHERE second >= ? ORDER BY pool, second"_s,
                     {fromSecond}, [](const QSqlQuery &q) {
                         return WindowSecond{q.value(0).toString(), q.value(1).toLongLong(),
                                             q.value(2).toLongLong(), q.value(3).toLongLong()};
                     });
}

Result<QList<ConfigVersionRow>> Store::loadConfigVersions() const
{
    return storeRows(m_db, u"the configuration versions",
                     u"SELECT version, at, actor, note, json FROM config_versions"
                     " ORDER BY version"_s,
                     {}, configVersionFrom);
}

Result<std::optional<ConfigVersionRow>> Store::configVersion(qint32 version) const
{
    return storeRow(m_db, u"a configuration version",
                    u"SELECT version, at, actor, note, json FROM config_versions"
                    " WHERE version = ?"_s,
                    {version}, configVersionFrom);
}

Result<std::optional<ConfigVersionRow>> Store::latestConfigVersion() const
{
    return storeRow(m_db, u"the latest configuration version",
                    u"SELECT version, at, actor, note, json FROM config_versions"
                    " ORDER BY version DESC LIMIT 1"_s,
                    {}, configVersionFrom);
}

Result<QList<AuditEntry>> Store::audit(const AuditQuery &query) const
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
    return storeRows(m_db, u"the audit log",
                     u"SELECT id, at, actor, action, target, detail FROM audit"_s + where +
                         u" ORDER BY at DESC, id DESC"_s + pagingClause(query.limit, query.offset),
                     values, [](const QSqlQuery &q) {
                         return AuditEntry{q.value(0).toLongLong(), q.value(1).toLongLong(),
                                           q.value(2).toString(),   q.value(3).toString(),
                                           q.value(4).toString(),   q.value(5).toString()};
                     });
}

Result<QList<AlertRecord>> Store::alerts(int limit, int offset) const
{
    return storeRows(m_db, u"the alerts",
                     u"SELECT %1 FROM alerts ORDER BY fired_at DESC, id DESC"_s.arg(
                         QLatin1StringView(alertColumns)) +
                         pagingClause(limit, offset),
                     {}, alertFrom);
}

Result<QList<AlertRecord>> Store::alertHistory(int limit, int offset) const
{
    return storeRows(m_db, u"the alert history",
                     u"SELECT %1 FROM alerts WHERE cleared_at != 0 OR metric = 'test'"
                     " ORDER BY fired_at DESC, id DESC"_s.arg(QLatin1StringView(alertColumns)) +
                         pagingClause(limit, offset),
                     {}, alertFrom);
}

Result<QList<ApiKeyRow>> Store::readApiKeys() const
{
    return storeRows(m_db, u"the API keys",
                     u"SELECT id, name, role, hash, created_at, revoked_at FROM api_keys"
                     " ORDER BY id"_s,
                     {}, apiKeyFrom);
}

Result<std::optional<ApiKeyRow>> Store::apiKey(const QString &id) const
{
    return storeRow(m_db, u"an API key",
                    u"SELECT id, name, role, hash, created_at, revoked_at FROM api_keys"
                    " WHERE id = ?"_s,
                    {id}, apiKeyFrom);
}

Result<std::optional<QString>> Store::meta(const QString &key) const
{
    return storeRow(m_db, u"a setting", u"SELECT value FROM meta WHERE key = ?"_s, {key},
                    [](const QSqlQuery &q) { return q.value(0).toString(); });
}

} // namespace sluice
