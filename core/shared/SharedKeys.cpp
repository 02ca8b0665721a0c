#include "shared/SharedKeys.h"

#include "api/ApiKeys.h"
#include "protocol/WireRecords.h"
#include "redis/RedisEventReader.h"
#include "redis/RedisLogging.h"
#include "shared/SharedLink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
/// 12 lowercase hex digits, as ApiKeys makes them.
bool isKeyId(const QString &id)
{
    return id.size() == 12 && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

/// Revoked on one side and not on the other: the times a revocation was made may differ.
bool sameState(TimeMs a, TimeMs b)
{
    return (a != 0) == (b != 0);
}
} // namespace

SharedKeys::SharedKeys(ApiKeys &keys, SharedLink &link, QObject *parent)
    : QObject(parent)
    , m_keys(keys)
    , m_link(link)
{
    connect(&m_link, &SharedLink::received, this, [this](const RedisEvent &event) {
        if (event.type == u"keys"_s && event.id != m_version)
            sync();
    });
    connect(&m_link, &SharedLink::readyChanged, this, [this](bool ready) {
        if (ready)
            sync();
    });
}

void SharedKeys::upkeep(TimeMs now)
{
    if ((!m_pending && now - m_lastSync < kRefreshMs) || now < m_retryAt)
        return;
    m_lastSync = now;
    sync();
}

void SharedKeys::sync()
{
    if (!m_link.isReady() || m_inFlight > 0) {
        m_pending = true;
        return;
    }
    m_pending = false;
    QList<ApiKeyRow> rows; // what Redis lacks, or does not know revoked
    for (const ApiKeyRow &row : m_keys.list()) {
        const auto known = m_inRedis.constFind(row.id);
        if (known == m_inRedis.cend() || !sameState(*known, row.revokedAt))
            rows.append(row);
    }
    for (qsizetype at = 0; at == 0 || at < rows.size(); at += kBatch) {
        // Only the last call of a sync asks for the keys back (once, with every batch in).
        const bool last = at + kBatch >= rows.size();
        QList<QByteArray> batch;
        QHash<QString, TimeMs> batchSent;
        for (const ApiKeyRow &row : rows.mid(at, kBatch)) {
            batch.append(toJson(row));
            batchSent.insert(row.id, row.revokedAt);
        }
        ++m_inFlight;
        m_link.keyRegistry().sync(
            last ? m_version : u"-"_s, batch,
            [self = QPointer<SharedKeys>(this), batchSent, last](const RedisAnswer &answer) {
                if (self)
                    self->onAnswer(answer, batchSent, last);
            });
    }
}

void SharedKeys::onAnswer(const RedisAnswer &answer, const QHash<QString, TimeMs> &sent, bool last)
{
    --m_inFlight;
    if (!answer.ok() || answer.status() != u"ok"_s) {
        // The next upkeep tries again, after 1 s, then up to 30 s (a missing ACL permission
        // fails every time).
        m_pending = true;
        m_backoffMs = std::clamp<qint64>(2 * m_backoffMs, kRefreshMs, 30'000);
        m_retryAt = m_lastSync + m_backoffMs;
        const QString error =
            answer.ok()
                ? QString::fromUtf8(QJsonDocument(answer.json).toJson(QJsonDocument::Compact))
                : answer.error;
        if (error != m_lastError)
            qCWarning(lcRedis).noquote()
                << "the deployment's API keys could not be synced with Redis:" << error;
        m_lastError = error;
        return;
    }
    m_lastError.clear();
    m_backoffMs = 0;
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        m_inRedis.insert(it.key(), it.value());
    if (!last)
        return;
    if (answer.json.contains("count"_L1)) // another version: every key Redis holds
        take(answer.json.value("keys"_L1).toArray());
    m_version = answer.json.value("ver"_L1).toString();
    if (m_pending && m_inFlight == 0) // an event came meanwhile, or Redis lacks some keys
        sync();
}

void SharedKeys::take(const QJsonArray &stored)
{
    QHash<QString, TimeMs> inRedis;
    for (const QJsonValue &value : stored) {
        const std::optional<ApiKeyRow> row = fromJson(value.toString().toUtf8());
        if (!row)
            continue;
        inRedis.insert(row->id, row->revokedAt);
        const std::optional<ApiKeyRow> known = m_keys.find(row->id);
        if (known && known->hash != row->hash) {
            qCWarning(lcRedis).noquote()
                << "API key" << row->id
                << "of the deployment is another key than this replica's of that id; revoke "
                   "and make both again";
            continue;
        }
        const Result<bool> merged = m_keys.merge(*row);
        if (!merged) {
            qCWarning(lcRedis).noquote()
                << "API key" << row->id
                << "of the deployment not stored:" << merged.error().message;
            continue;
        }
        if (*merged) {
            ++m_taken;
            qCInfo(lcRedis).noquote()
                << "API key" << row->id << u"(%1, \"%2\")"_s.arg(row->role, row->name)
                << (row->revokedAt != 0 ? "revoked by another replica" : "from another replica");
        }
    }
    m_inRedis = inRedis; // what it lacks (Redis lost its data, say) is sent again
    m_pending = true;
}

QByteArray SharedKeys::toJson(const ApiKeyRow &row)
{
    return QJsonDocument(QJsonObject{{u"id"_s, row.id},
                                     {u"name"_s, row.name},
                                     {u"role"_s, row.role},
                                     {u"hash"_s, QString::fromLatin1(row.hash.toHex())},
                                     {u"created_at"_s, row.createdAt},
                                     {u"revoked_at"_s, row.revokedAt}})
        .toJson(QJsonDocument::Compact);
}

std::optional<ApiKeyRow> SharedKeys::fromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    ApiKeyRow row;
    row.id = object.value("id"_L1).toString();
    row.name = object.value("name"_L1).toString();
    row.role = object.value("role"_L1).toString();
    row.hash = QByteArray::fromHex(object.value("hash"_L1).toString().toLatin1());
    row.createdAt = object.value("created_at"_L1).toInteger(-1);
    row.revokedAt = object.value("revoked_at"_L1).toInteger(-1);
    const std::optional<Role> role = roleFromName(row.role);
    const bool printable =
        std::all_of(row.name.cbegin(), row.name.cend(), [](QChar c) { return c.isPrint(); });
    const bool valid = isKeyId(row.id) && !row.name.isEmpty() && row.name.size() <= 64 &&
                       printable && role && *role != Role::None && row.hash.size() == 32 &&
                       row.createdAt >= 0 && row.revokedAt >= 0;
    if (!valid)
        return std::nullopt;
    return row;
}

} // namespace sluice
