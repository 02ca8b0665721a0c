#include "store/StoreSchema.h"

#include "util/Logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <iterator>
#include <optional>
#include <span>

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

constexpr qint64 applicationId = 0x534c4345; // "SLCE"

constexpr const char *version1[] = {
    "CREATE TABLE usage_daily ("
    " day INTEGER NOT NULL, pool TEXT NOT NULL, user TEXT NOT NULL, tier TEXT NOT NULL,"
    " requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,"
    " output_tokens INTEGER NOT NULL DEFAULT 0, cost_nano_usd INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (day, pool, user, tier)) WITHOUT ROWID",
    "CREATE INDEX usage_daily_user_day ON usage_daily (user, day)",
    "CREATE TABLE requests ("
    " id INTEGER PRIMARY KEY, state INTEGER NOT NULL, pool TEXT NOT NULL,"
    " user TEXT NOT NULL, tier TEXT NOT NULL, context_id TEXT NOT NULL,"
    " tokens INTEGER NOT NULL, since INTEGER NOT NULL, deadline INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, priority INTEGER NOT NULL)",
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL)",
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE TABLE config_versions ("
    " version INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " note TEXT NOT NULL, json BLOB NOT NULL)",
    "CREATE TABLE alerts ("
    " id INTEGER PRIMARY KEY, rule_id TEXT NOT NULL, metric TEXT NOT NULL,"
    " target TEXT NOT NULL, threshold REAL NOT NULL, peak REAL NOT NULL,"
    " fired_at INTEGER NOT NULL, cleared_at INTEGER NOT NULL, acked_at INTEGER NOT NULL,"
    " acked_by TEXT NOT NULL, message TEXT NOT NULL)",
    "CREATE INDEX alerts_fired_at ON alerts (fired_at)",
    "CREATE TABLE user_tiers (user TEXT PRIMARY KEY, tier TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE api_keys ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash BLOB NOT NULL,"
    " created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
};

// migrations[n - 1] brings the schema from version n - 1 to n. Never edit a shipped
// migration: append a new one.
using Migration = std::span<const char *const>;
constexpr const char *version2[] = {
    "CREATE TABLE window_seconds ("
    " pool TEXT NOT NULL, second INTEGER NOT NULL, requests INTEGER NOT NULL,"
    " tokens INTEGER NOT NULL, PRIMARY KEY (pool, second)) WITHOUT ROWID",
};

// Who made each request and its random part (SPEC section 4, "Ownership"). Requests stored
// before keep an empty owner and secret: only staff can reach them.
constexpr const char *version3[] = {
    "ALTER TABLE requests ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE requests ADD COLUMN secret BLOB NOT NULL DEFAULT x''",
};

// A request's times had columns whose meaning depended on its state (since: enqueued at or
// last heartbeat; deadline: times out at or granted at; seq: arrival order or the lease's
// window entry, which means nothing after a restart). Each meaning gets its own column, 0
// where it does not apply.
constexpr const char *version4[] = {
    "CREATE TABLE requests_v4 ("
    " id INTEGER PRIMARY KEY, state INTEGER NOT NULL, pool TEXT NOT NULL,"
    " user TEXT NOT NULL, tier TEXT NOT NULL, context_id TEXT NOT NULL,"
    " tokens INTEGER NOT NULL, enqueued_at INTEGER NOT NULL DEFAULT 0,"
    " wait_deadline INTEGER NOT NULL DEFAULT 0, arrival INTEGER NOT NULL DEFAULT 0,"
    " priority INTEGER NOT NULL DEFAULT 0, granted_at INTEGER NOT NULL DEFAULT 0,"
    " last_heartbeat INTEGER NOT NULL DEFAULT 0, owner TEXT NOT NULL DEFAULT '',"
    " secret BLOB NOT NULL DEFAULT x'')",
    "INSERT INTO requests_v4 SELECT id, state, pool, user, tier, context_id, tokens,"
    " CASE state WHEN 0 THEN since ELSE 0 END, CASE state WHEN 0 THEN deadline ELSE 0 END,"
    " CASE state WHEN 0 THEN seq ELSE 0 END, CASE state WHEN 0 THEN priority ELSE 0 END,"
    " CASE state WHEN 1 THEN deadline ELSE 0 END, CASE state WHEN 1 THEN since ELSE 0 END,"
    " owner, secret FROM requests",
    "DROP TABLE requests",
    "ALTER TABLE requests_v4 RENAME TO requests",
};

// Credits (1 credit = USD 0.01, rounded up per request) beside the exact cost; rows written
// before get the credits of their summed cost, which is what they would have cost at most
// one rounding less per request. Every rejection, for support, bounded by RejectionLog.
constexpr const char *version5[] = {
    "ALTER TABLE usage_daily ADD COLUMN credits INTEGER NOT NULL DEFAULT 0",
    "UPDATE usage_daily SET credits = (cost_nano_usd + 9999999) / 10000000"
    " WHERE cost_nano_usd > 0",
    "CREATE TABLE rejections ("
    " id INTEGER PRIMARY KEY, at INTEGER NOT NULL, day INTEGER NOT NULL,"
    " user TEXT NOT NULL, pool TEXT NOT NULL, reason TEXT NOT NULL, message TEXT NOT NULL)",
    "CREATE INDEX rejections_user_day ON rejections (user, day)",
};

constexpr Migration migrations[] = {Migration(version1), Migration(version2), Migration(version3),
                                    Migration(version4), Migration(version5)};

Error schemaError(const QString &message)
{
    return Error{errors::kStoreFailed, message, {}};
}

Result<qint64> pragmaValue(const QSqlDatabase &db, const QString &pragma)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA "_s + pragma) || !query.next())
        return schemaError(query.lastError().text());
    return query.value(0).toLongLong();
}

Result<bool> isEmptyDatabase(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT count(*) FROM sqlite_schema"_s) || !query.next())
        return schemaError(query.lastError().text());
    return query.value(0).toLongLong() == 0;
}

// Runs migration `target` in one write transaction. The version is read again inside the
// transaction, so that two processes opening a new file at once migrate it only once.
Result<Done> runMigration(const QSqlDatabase &db, int target)
{
    QSqlQuery query(db);
    if (!query.exec(u"BEGIN IMMEDIATE"_s))
        return schemaError(query.lastError().text());
    const Result<qint64> current = pragmaValue(db, u"user_version"_s);
    bool ok = current.ok();
    if (ok && *current < target) {
        for (const char *statement : migrations[target - 1]) {
            ok = query.exec(QString::fromLatin1(statement));
            if (!ok)
                break;
        }
        ok = ok && query.exec(u"PRAGMA application_id = "_s + QString::number(applicationId)) &&
             query.exec(u"PRAGMA user_version = "_s + QString::number(target));
    }
    if (ok && query.exec(u"COMMIT"_s))
        return Done{};
    const Error error = current ? schemaError(query.lastError().text()) : current.error();
    query.exec(u"ROLLBACK"_s);
    return error;
}

} // namespace

int StoreSchema::latestVersion()
{
    return int(std::size(migrations));
}

int StoreSchema::version(const QSqlDatabase &db)
{
    const Result<qint64> value = pragmaValue(db, u"user_version"_s);
    return value ? int(*value) : -1;
}

Result<Done> StoreSchema::migrate(const QSqlDatabase &db)
{
    const Result<qint64> read = pragmaValue(db, u"user_version"_s);
    if (!read)
        return schemaError(u"cannot read the schema version: "_s + read.error().message);
    const int current = int(*read);
    if (current > latestVersion())
        return schemaError(
            u"schema version %1 is newer than this build supports (%2)"_s.arg(current).arg(
                latestVersion()));
    if (current == 0) {
        const Result<bool> empty = isEmptyDatabase(db);
        if (!empty)
            return schemaError(u"cannot read the schema: "_s + empty.error().message);
        if (!*empty)
            return schemaError(u"not a Sluice store: the file has tables but no schema version"_s);
    } else {
        const Result<qint64> id = pragmaValue(db, u"application_id"_s);
        if (!id || *id != applicationId)
            return schemaError(
                u"not a Sluice store: application_id is %1, expected %2"_s.arg(id ? *id : 0)
                    .arg(applicationId));
    }
    for (int target = current + 1; target <= latestVersion(); ++target) {
        if (const Result<Done> migrated = runMigration(db, target); !migrated)
            return schemaError(u"cannot migrate the schema to version %1: %2"_s.arg(target).arg(
                migrated.error().message));
        qCInfo(lcStore) << "store schema migrated to version" << target;
    }
    return Done{};
}

} // namespace sluice
