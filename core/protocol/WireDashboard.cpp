#include "protocol/WireDashboard.h"

#include "protocol/ApiProtocol.h"
#include "protocol/WireEngine.h"
#include "protocol/WireReader.h"
#include "protocol/WireRecords.h"

#include <QDate>
#include <QJsonArray>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {

template<typename T, typename Encode> QJsonArray arrayOf(const QList<T> &items, Encode encode)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(encode(item));
    return array;
}

template<typename Decode> auto decoder(Decode decode)
{
    return [decode](const QJsonObject &object, const QString &path, QList<FieldError> *errors) {
        return decode(object, errors, path);
    };
}

/// Upserts `items` into `list` by `name`, keeping the order of those already there.
template<typename T> void upsert(QList<T> &list, const QList<T> &items, QString T::*name)
{
    for (const T &item : items) {
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const T &existing) { return existing.*name == item.*name; });
        if (it != list.end())
            *it = item;
        else
            list.append(item);
    }
}

template<typename T> void removeNamed(QList<T> &list, const QStringList &names, QString T::*name)
{
    list.removeIf([&](const T &item) { return names.contains(item.*name); });
}

/// Changed or added items (by name), and the names of removed ones.
template<typename T, typename Encode>
std::pair<QJsonArray, QJsonArray> changes(const QList<T> &before, const QList<T> &after,
                                          QString T::*name, Encode encode)
{
    QJsonArray changed;
    QJsonArray removed;
    for (const T &item : after) {
        const auto it = std::find_if(before.begin(), before.end(),
                                     [&](const T &old) { return old.*name == item.*name; });
        const QJsonObject encoded = encode(item);
        if (it == before.end() || encode(*it) != encoded)
            changed.append(encoded);
    }
    for (const T &item : before) {
        if (std::none_of(after.begin(), after.end(),
                         [&](const T &now) { return now.*name == item.*name; }))
            removed.append(item.*name);
    }
    return {changed, removed};
}

QStringList strings(const QJsonArray &array)
{
    QStringList result;
    for (const QJsonValue &value : array)
        result.append(value.toString());
    return result;
}

} // namespace

QJsonObject tierUsageToJson(const TierUsageToday &usage)
{
    return QJsonObject{
        {u"tier"_s, usage.tier},
        {u"requests"_s, usage.requests},
        {u"cost_nano_usd"_s, usage.costNanoUsd},
        {u"credits"_s, usage.credits},
        {u"users"_s, usage.users},
        {u"daily_requests"_s, usage.dailyRequests},
    };
}

TierUsageToday tierUsageFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                 const QString &path)
{
    WireReader reader(object, path, errors);
    TierUsageToday usage;
    usage.tier = reader.text("tier"_L1, Need::Required);
    usage.requests = reader.integer("requests"_L1, Need::Optional, 0);
    usage.costNanoUsd = reader.integer("cost_nano_usd"_L1, Need::Optional, 0);
    usage.credits = reader.integer("credits"_L1, Need::Optional, 0);
    usage.users = reader.integer("users"_L1, Need::Optional, 0, 0);
    usage.dailyRequests = reader.integer("daily_requests"_L1, Need::Optional, 0, 0);
    return usage;
}

QJsonObject dashboardSnapshotToJson(const DashboardSnapshot &snapshot)
{
    QJsonObject object{
        {u"type"_s, u"snapshot"_s},
        {u"protocol"_s, kProtocolVersion},
        {u"seq"_s, qint64(snapshot.seq)},
        {u"at"_s, snapshot.at},
        {u"config_version"_s, snapshot.configVersion},
        {u"pools"_s, arrayOf(snapshot.pools, poolStatusToJson)},
        {u"tiers"_s, arrayOf(snapshot.tiers, tierUsageToJson)},
        {u"active_alerts"_s, arrayOf(snapshot.activeAlerts, alertRecordToJson)},
    };
    if (snapshot.auditSeq > 0)
        object.insert(u"audit_seq"_s, qint64(snapshot.auditSeq));
    return object;
}

DashboardSnapshot dashboardSnapshotFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    DashboardSnapshot snapshot;
    reader.text("type"_L1);
    reader.integer("protocol"_L1);
    snapshot.seq = quint64(reader.integer("seq"_L1, Need::Required, 0, 0));
    snapshot.at = reader.integer("at"_L1, Need::Optional, 0, 0);
    snapshot.configVersion =
        qint32(reader.integer("config_version"_L1, Need::Optional, 0, 0, INT32_MAX));
    snapshot.auditSeq = quint64(reader.integer("audit_seq"_L1, Need::Optional, 0, 0));
    snapshot.pools = reader.list("pools"_L1, decoder(poolStatusFromJson), Need::Required);
    snapshot.tiers = reader.list("tiers"_L1, decoder(tierUsageFromJson));
    snapshot.activeAlerts = reader.list("active_alerts"_L1, decoder(alertRecordFromJson));
    return snapshot;
}

std::optional<QJsonObject> dashboardDelta(const DashboardSnapshot &before,
                                          const DashboardSnapshot &after)
{
    QJsonObject delta{
        {u"type"_s, u"delta"_s},
        {u"protocol"_s, kProtocolVersion},
        {u"seq"_s, qint64(after.seq)},
        {u"at"_s, after.at},
        {u"config_version"_s, after.configVersion},
    };
    bool changed = before.configVersion != after.configVersion;
    if (before.auditSeq != after.auditSeq) {
        delta.insert(u"audit_seq"_s, qint64(after.auditSeq));
        changed = true;
    }
    const auto [pools, poolsRemoved] =
        changes(before.pools, after.pools, &PoolStatus::name, poolStatusToJson);
    if (!pools.isEmpty())
        delta.insert(u"pools"_s, pools);
    if (!poolsRemoved.isEmpty())
        delta.insert(u"pools_removed"_s, poolsRemoved);
    const auto [tiers, tiersRemoved] =
        changes(before.tiers, after.tiers, &TierUsageToday::tier, tierUsageToJson);
    if (!tiers.isEmpty())
        delta.insert(u"tiers"_s, tiers);
    if (!tiersRemoved.isEmpty())
        delta.insert(u"tiers_removed"_s, tiersRemoved);
    const QJsonArray alertsBefore = arrayOf(before.activeAlerts, alertRecordToJson);
    const QJsonArray alertsAfter = arrayOf(after.activeAlerts, alertRecordToJson);
    if (alertsBefore != alertsAfter)
        delta.insert(u"active_alerts"_s, alertsAfter);
    changed = changed || !pools.isEmpty() || !poolsRemoved.isEmpty() || !tiers.isEmpty() ||
              !tiersRemoved.isEmpty() || alertsBefore != alertsAfter;
    if (!changed)
        return std::nullopt;
    return delta;
}

DeltaResult applyDashboardDelta(DashboardSnapshot &snapshot, const QJsonObject &delta,
                                QList<FieldError> *errors)
{
    const qsizetype errorsBefore = errors->size();
    WireReader reader(delta, {}, errors);
    if (reader.text("type"_L1, Need::Required) != u"delta") {
        reader.addError(u"type"_s, u"type must be \"delta\""_s);
        return DeltaResult::Invalid;
    }
    const quint64 seq = quint64(reader.integer("seq"_L1, Need::Required, 0, 0));
    const TimeMs at = reader.integer("at"_L1, Need::Optional, snapshot.at, 0);
    const qint32 version = qint32(
        reader.integer("config_version"_L1, Need::Optional, snapshot.configVersion, 0, INT32_MAX));
    const auto auditSeq =
        quint64(reader.integer("audit_seq"_L1, Need::Optional, qint64(snapshot.auditSeq), 0));
    const QList<PoolStatus> pools = reader.list("pools"_L1, decoder(poolStatusFromJson));
    const QJsonArray poolsRemoved = reader.array("pools_removed"_L1);
    const QList<TierUsageToday> tiers = reader.list("tiers"_L1, decoder(tierUsageFromJson));
    const QJsonArray tiersRemoved = reader.array("tiers_removed"_L1);
    const bool hasAlerts = reader.has("active_alerts"_L1);
    const QList<AlertRecord> alerts = reader.list("active_alerts"_L1, decoder(alertRecordFromJson));
    if (errors->size() > errorsBefore)
        return DeltaResult::Invalid;
    if (seq != snapshot.seq + 1)
        return DeltaResult::Gap;
    snapshot.seq = seq;
    snapshot.at = at;
    snapshot.configVersion = version;
    snapshot.auditSeq = auditSeq;
    upsert(snapshot.pools, pools, &PoolStatus::name);
    removeNamed(snapshot.pools, strings(poolsRemoved), &PoolStatus::name);
    upsert(snapshot.tiers, tiers, &TierUsageToday::tier);
    removeNamed(snapshot.tiers, strings(tiersRemoved), &TierUsageToday::tier);
    if (hasAlerts)
        snapshot.activeAlerts = alerts;
    return DeltaResult::Applied;
}

QJsonObject userDetailsToJson(const UserDetails &details)
{
    QJsonArray history;
    for (const UserDetails::Day &day : details.history) {
        const QDate date = QDate(1970, 1, 1).addDays(day.day);
        history.append(QJsonObject{
            {u"day"_s, day.day},
            {u"date"_s, date.toString(Qt::ISODate)},
            {u"requests"_s, day.requests},
            {u"tokens"_s, day.tokens},
            {u"cost_nano_usd"_s, day.costNanoUsd},
            {u"credits"_s, day.credits},
        });
    }
    QJsonArray rejections;
    for (const UserDetails::Rejection &rejection : details.recentRejections) {
        rejections.append(QJsonObject{
            {u"at"_s, rejection.at},
            {u"pool"_s, rejection.pool},
            {u"reason"_s, rejection.reason},
            {u"message"_s, rejection.message},
        });
    }
    return QJsonObject{
        {u"quota"_s, userQuotaToJson(details.quota)},
        {u"history"_s, history},
        {u"recent_rejections"_s, rejections},
    };
}

UserDetails userDetailsFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    UserDetails details;
    details.quota =
        userQuotaFromJson(reader.object("quota"_L1, Need::Required), errors, u"quota"_s);
    details.history = reader.list("history"_L1, [](const QJsonObject &item, const QString &path,
                                                   QList<FieldError> *itemErrors) {
        WireReader day(item, path, itemErrors);
        UserDetails::Day result;
        result.day = qint32(day.integer("day"_L1, Need::Required, 0, INT32_MIN, INT32_MAX));
        result.requests = day.integer("requests"_L1);
        result.tokens = day.integer("tokens"_L1);
        result.costNanoUsd = day.integer("cost_nano_usd"_L1);
        result.credits = day.integer("credits"_L1, Need::Optional, 0);
        return result;
    });
    details.recentRejections =
        reader.list("recent_rejections"_L1, [](const QJsonObject &item, const QString &path,
                                               QList<FieldError> *itemErrors) {
            WireReader rejection(item, path, itemErrors);
            UserDetails::Rejection result;
            result.at = rejection.integer("at"_L1, Need::Required, 0, 0);
            result.pool = rejection.text("pool"_L1);
            result.reason = rejection.text("reason"_L1, Need::Required);
            result.message = rejection.text("message"_L1);
            return result;
        });
    return details;
}

QJsonObject alertListsToJson(const AlertLists &lists)
{
    return QJsonObject{{u"active"_s, arrayOf(lists.active, alertRecordToJson)},
                       {u"history"_s, arrayOf(lists.history, alertRecordToJson)}};
}

AlertLists alertListsFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    AlertLists lists;
    lists.active = reader.list("active"_L1, decoder(alertRecordFromJson), Need::Required);
    lists.history = reader.list("history"_L1, decoder(alertRecordFromJson));
    return lists;
}

} // namespace sluice
