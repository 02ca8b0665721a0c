#include "backend/ApiBackend.h"

#include "backend/ApiAnswers.h"
#include "backend/ApiTransport.h"
#include "config/ConfigJson.h"
#include "protocol/WireDashboard.h"
#include "protocol/WireEngine.h"
#include "protocol/WireHistory.h"
#include "protocol/WireReader.h"
#include "protocol/WireRecords.h"
#include "protocol/WireReplicas.h"
#include "protocol/WireUsage.h"
#include "protocol/WireUsers.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrl>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
Q_LOGGING_CATEGORY(lcBackend, "sluice.backend")

/// Deltas dropped while waiting for a snapshot before asking again.
constexpr int kReaskAfterDropped = 20;
const QString kConfigPrefix = u"config."_s;

QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

ApiRequest request(HttpMethod method, QString path, const QJsonObject &body = {},
                   QList<std::pair<QString, QString>> query = {})
{
    ApiRequest r;
    r.method = method;
    r.path = std::move(path);
    r.query = std::move(query);
    if (!body.isEmpty()) {
        r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        r.headers.emplace_back(QByteArrayLiteral("content-type"),
                               QByteArrayLiteral("application/json"));
    }
    return r;
}

/// `r` made from configuration version `base` (If-Match, as the ETag spells it); 0: any.
ApiRequest basedOn(ApiRequest r, qint32 base)
{
    if (base > 0)
        r.headers.emplace_back(QByteArrayLiteral("if-match"), configVersionTag(base));
    return r;
}

/// A decoder of the list under `key`, each element read by `item(object, errors, path)`.
template<typename ItemDecode> auto listOf(QLatin1StringView key, ItemDecode item)
{
    return [key, item](const QJsonObject &object, QList<FieldError> *errors) {
        WireReader reader(object, {}, errors);
        return reader.list(
            key,
            [item](const QJsonObject &o, const QString &path, QList<FieldError> *e) {
                return item(o, e, path);
            },
            Need::Required);
    };
}

Done nothing(const QJsonObject &, QList<FieldError> *)
{
    return {};
}

template<typename T, typename Decode>
void call(ApiTransport &transport, ApiRequest r, Callback<T> done, Decode decode,
          QStringView fieldPrefix = {})
{
    transport.send(std::move(r),
                   [done = std::move(done), decode, fieldPrefix](const ApiResponse &response) {
                       done(decodeAnswer<T>(response, decode, fieldPrefix));
                   });
}

QString actionPath(PoolAction action)
{
    switch (action) {
    case PoolAction::Pause:
        return u"pause"_s;
    case PoolAction::Resume:
        return u"resume"_s;
    case PoolAction::Drain:
        return u"drain"_s;
    case PoolAction::Purge:
        break;
    }
    return u"purge"_s;
}
} // namespace

ApiBackend::ApiBackend(ApiTransport &transport, QString displayName, const Clock &clock,
                       QObject *parent)
    : Backend(parent)
    , m_transport(transport)
    , m_name(std::move(displayName))
    , m_clock(clock)
{
    connect(&m_transport, &ApiTransport::dashboardMessage, this, &ApiBackend::onMessage);
    connect(&m_transport, &ApiTransport::stateChanged, this, &ApiBackend::onStateChanged);
    m_transport.openStream();
}

ApiBackend::~ApiBackend()
{
    m_transport.closeStream();
}

ConnectionState ApiBackend::connectionState() const
{
    return m_transport.state();
}

Role ApiBackend::role() const
{
    return m_transport.role();
}

TimeMs ApiBackend::lastUpdate() const
{
    const bool live = m_transport.state() == ConnectionState::Connected && m_follower.isSynced();
    return live ? m_clock.now() : m_currentAt;
}

TimeMs ApiBackend::nextRetryAt() const
{
    return m_transport.nextRetryAt();
}

void ApiBackend::retryNow()
{
    m_transport.retryNow();
}

void ApiBackend::queue(const QString &pool, qint64 offset, qint64 limit,
                       Callback<QList<RequestInfo>> done)
{
    call(m_transport,
         request(HttpMethod::Get, u"/v1/pools/"_s + segment(pool) + u"/queue"_s, {},
                 {{u"offset"_s, QString::number(offset)}, {u"limit"_s, QString::number(limit)}}),
         std::move(done), listOf("items"_L1, requestInfoFromJson));
}

void ApiBackend::poolAction(const QString &pool, PoolAction action, Callback<qint64> done)
{
    call(m_transport,
         request(HttpMethod::Post, u"/v1/pools/"_s + segment(pool) + u'/' + actionPath(action)),
         std::move(done), [action](const QJsonObject &object, QList<FieldError> *errors) {
             WireReader reader(object, {}, errors);
             return action == PoolAction::Purge ? reader.integer("purged"_L1, Need::Required, 0, 0)
                                                : qint64(0);
         });
}

void ApiBackend::cancelTicket(RequestId id, Callback<Done> done)
{
    call(m_transport, request(HttpMethod::Delete, u"/v1/requests/"_s + formatRequestId(id)),
         std::move(done), nothing);
}

void ApiBackend::userList(const UserListQuery &query, Callback<UserList> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/users"_s, {}, userListQueryToQuery(query)),
         std::move(done), userListFromJson);
}

void ApiBackend::userDetails(const QString &user, Callback<UserDetails> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/users/"_s + segment(user)), std::move(done),
         userDetailsFromJson);
}

void ApiBackend::setUserTier(const QString &user, const QString &tier, Callback<Done> done)
{
    const QJsonObject body{
        {u"tier"_s, tier.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(tier)}};
    call(m_transport, request(HttpMethod::Put, u"/v1/users/"_s + segment(user) + u"/tier"_s, body),
         std::move(done), nothing);
}

void ApiBackend::config(Callback<VersionedConfig> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/config"_s), std::move(done),
         versionedConfigFromJson);
}

void ApiBackend::applyConfig(const EngineConfig &config, qint32 base, const QString &note,
                             Callback<ConfigApplied> done)
{
    QJsonObject body{{u"config"_s, configToJson(config)}};
    if (!note.isEmpty())
        body.insert(u"note"_s, note);
    call(m_transport, basedOn(request(HttpMethod::Put, u"/v1/config"_s, body), base),
         std::move(done), configAppliedFromJson, kConfigPrefix);
}

void ApiBackend::configHistory(Callback<QList<ConfigVersionRow>> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/config/history"_s), std::move(done),
         listOf("versions"_L1, configVersionFromJson));
}

void ApiBackend::rollback(qint32 version, qint32 base, Callback<ConfigApplied> done)
{
    call(m_transport,
         basedOn(request(HttpMethod::Post, u"/v1/config/rollback"_s,
                         QJsonObject{{u"version"_s, version}}),
                 base),
         std::move(done), configAppliedFromJson, kConfigPrefix);
}

void ApiBackend::alerts(Callback<AlertLists> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/alerts"_s), std::move(done),
         alertListsFromJson);
}

void ApiBackend::acknowledgeAlert(qint64 id, Callback<Done> done)
{
    call(m_transport, request(HttpMethod::Post, u"/v1/alerts/"_s + QString::number(id) + u"/ack"_s),
         std::move(done), nothing);
}

void ApiBackend::sendTestAlert(Callback<Done> done)
{
    call(m_transport, request(HttpMethod::Post, u"/v1/alerts/test"_s), std::move(done), nothing);
}

void ApiBackend::audit(const AuditQuery &query, Callback<QList<AuditEntry>> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/audit"_s, {}, auditQueryToQuery(query)),
         std::move(done), listOf("entries"_L1, auditEntryFromJson));
}

void ApiBackend::spendHistory(int days, Callback<QList<SpendDay>> done)
{
    call(m_transport,
         request(HttpMethod::Get, u"/v1/usage/history"_s, {}, {{u"days"_s, QString::number(days)}}),
         std::move(done), spendHistoryFromJson);
}

void ApiBackend::replicas(Callback<ReplicaStatus> done)
{
    call(m_transport, request(HttpMethod::Get, u"/v1/replicas"_s), std::move(done),
         replicaStatusFromJson);
}

void ApiBackend::samples(TimeMs since, Callback<SampleHistory> done)
{
    QList<std::pair<QString, QString>> query;
    if (since > 0)
        query.emplace_back(u"since"_s, QString::number(since));
    call(m_transport, request(HttpMethod::Get, u"/v1/samples"_s, {}, std::move(query)),
         std::move(done), sampleHistoryFromJson);
}

void ApiBackend::onMessage(const QJsonObject &message)
{
    QString problem;
    switch (m_follower.apply(message, &problem)) {
    case DashboardFollower::Outcome::Changed:
        m_currentAt = m_clock.now();
        if (m_follower.isSynced() && message.value("type"_L1).toString() == u"snapshot")
            m_snapshotAsked = false;
        emit snapshotChanged();
        for (const AlertRecord &alert : m_follower.takeNewAlerts())
            emit alertFired(alert);
        return;
    case DashboardFollower::Outcome::Ignored:
        if (!problem.isEmpty())
            qCWarning(lcBackend).noquote() << m_name << "ignores a dashboard message:" << problem;
        return;
    case DashboardFollower::Outcome::NeedSnapshot:
        break;
    }
    if (m_snapshotAsked && ++m_droppedSinceAsked < kReaskAfterDropped)
        return;
    qCInfo(lcBackend).noquote() << m_name << "asks for a snapshot:" << problem;
    m_snapshotAsked = true;
    m_droppedSinceAsked = 0;
    m_transport.requestSnapshot();
}

void ApiBackend::onStateChanged(ConnectionState state)
{
    if (state != ConnectionState::Connected) {
        if (m_follower.isSynced())
            m_currentAt = m_clock.now(); // current until the loss was noticed
        m_follower.reset();
        m_snapshotAsked = false;
    }
    emit connectionStateChanged(state);
}

} // namespace sluice
