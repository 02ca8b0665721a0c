#include "protocol/WireUsers.h"

#include "protocol/WireEngine.h"
#include "protocol/WireReader.h"

#include <QJsonArray>

#include <limits>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
constexpr qsizetype kMaxPrefix = 256;
constexpr qint64 kMaxUserPage = 200;

qint64 integerItem(const QString &key, const QString &text, qint64 min, qint64 max, qint64 fallback,
                   QList<FieldError> *errors)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (ok && value >= min && value <= max)
        return value;
    errors->append({key, u"%1 must be an integer between %2 and %3 (got \"%4\")"_s.arg(
                             key, QString::number(min), QString::number(max), text)});
    return fallback;
}

QJsonObject summaryToJson(const UserSummary &user)
{
    return {
        {u"user"_s, user.user},
        {u"tier"_s, user.tier},
        {u"tier_pinned"_s, user.tierPinned},
        {u"requests_today"_s, user.requestsToday},
        {u"request_limit"_s, user.requestLimit},
        {u"tokens_today"_s, user.tokensToday},
        {u"cost_nano_usd_today"_s, user.costNanoUsdToday},
        {u"last_seen"_s, user.lastSeen > 0 ? QJsonValue(user.lastSeen) : QJsonValue()},
        {u"lastSeen"_s, user.lastSeen > 0 ? QJsonValue(isoUtc(user.lastSeen)) : QJsonValue()},
    };
}

UserSummary summaryFromJson(const QJsonObject &object, const QString &path,
                            QList<FieldError> *errors)
{
    WireReader reader(object, path, errors);
    UserSummary user;
    user.user = reader.text("user"_L1, Need::Required, kMaxPrefix);
    user.tier = reader.text("tier"_L1, Need::Required);
    user.tierPinned = reader.boolean("tier_pinned"_L1);
    user.requestsToday = reader.integer("requests_today"_L1, Need::Required, 0, 0);
    user.requestLimit = reader.integer("request_limit"_L1, Need::Required, 0, 0);
    user.tokensToday = reader.integer("tokens_today"_L1, Need::Optional, 0, 0);
    user.costNanoUsdToday = reader.integer("cost_nano_usd_today"_L1, Need::Optional, 0, 0);
    if (!object.value("last_seen"_L1).isNull())
        user.lastSeen = reader.integer("last_seen"_L1, Need::Optional, 0, 0);
    return user;
}
} // namespace

QString userOrderName(UserOrder order)
{
    return order == UserOrder::Usage ? u"usage"_s : u"recent"_s;
}

QList<std::pair<QString, QString>> userListQueryToQuery(const UserListQuery &query)
{
    QList<std::pair<QString, QString>> items;
    if (!query.prefix.isEmpty())
        items.append({u"prefix"_s, query.prefix});
    items.append({u"order"_s, userOrderName(query.order)});
    if (query.offset > 0)
        items.append({u"offset"_s, QString::number(query.offset)});
    items.append({u"limit"_s, QString::number(query.limit)});
    return items;
}

UserListQuery userListQueryFromQuery(const QList<std::pair<QString, QString>> &items,
                                     QList<FieldError> *errors)
{
    UserListQuery query;
    for (const auto &[key, value] : items) {
        if (key == u"prefix") {
            if (value.size() > kMaxPrefix)
                errors->append({key, u"prefix must be at most %1 characters (got %2)"_s.arg(
                                         kMaxPrefix)
                                         .arg(value.size())});
            else
                query.prefix = value;
        } else if (key == u"order") {
            if (value == u"recent" || value == u"usage")
                query.order = value == u"usage" ? UserOrder::Usage : UserOrder::Recent;
            else
                errors->append({key, u"order must be recent or usage (got \"%1\")"_s.arg(value)});
        } else if (key == u"offset") {
            query.offset = integerItem(key, value, 0, std::numeric_limits<int>::max(), 0, errors);
        } else if (key == u"limit") {
            query.limit = integerItem(key, value, 1, kMaxUserPage, 50, errors);
        } else {
            errors->append({key, u"unknown query parameter '%1' (expected one of: prefix, "
                                 "order, offset, limit)"_s.arg(key)});
        }
    }
    return query;
}

QJsonObject userListToJson(const UserList &list, const UserListQuery &query)
{
    QJsonArray users;
    for (const UserSummary &user : list.users)
        users.append(summaryToJson(user));
    return {
        {u"total"_s, list.total},
        {u"offset"_s, query.offset},
        {u"limit"_s, query.limit},
        {u"order"_s, userOrderName(query.order)},
        {u"users"_s, users},
    };
}

UserList userListFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    UserList list;
    list.total = reader.integer("total"_L1, Need::Required, 0, 0);
    list.users = reader.list("users"_L1, summaryFromJson, Need::Required);
    return list;
}

} // namespace sluice
