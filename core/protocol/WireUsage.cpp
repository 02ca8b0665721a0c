#include "protocol/WireUsage.h"

#include "protocol/WireReader.h"

#include <QDate>
#include <QJsonArray>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
QString dateOf(qint32 day)
{
    return QDate(1970, 1, 1).addDays(day).toString(Qt::ISODate);
}
} // namespace

QJsonObject spendHistoryToJson(const QList<SpendDay> &days, qint32 fromDay, qint32 toDay)
{
    QJsonArray rows;
    for (const SpendDay &day : days) {
        rows.append(QJsonObject{
            {u"day"_s, day.day},
            {u"date"_s, dateOf(day.day)},
            {u"pool"_s, day.pool},
            {u"tier"_s, day.tier},
            {u"requests"_s, day.requests},
            {u"tokens"_s, day.tokens},
            {u"cost_nano_usd"_s, day.costNanoUsd},
            {u"credits"_s, day.credits},
        });
    }
    return QJsonObject{
        {u"from_day"_s, fromDay}, {u"to_day"_s, toDay}, {u"from"_s, dateOf(fromDay)},
        {u"to"_s, dateOf(toDay)}, {u"days"_s, rows},
    };
}

QList<SpendDay> spendHistoryFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    WireReader reader(object, {}, errors);
    return reader.list(
        "days"_L1, [](const QJsonObject &item, const QString &path, QList<FieldError> *itemErrors) {
            WireReader row(item, path, itemErrors);
            SpendDay day;
            day.day = qint32(row.integer("day"_L1, Need::Required, 0, INT32_MIN, INT32_MAX));
            day.pool = row.text("pool"_L1, Need::Required);
            day.tier = row.text("tier"_L1, Need::Required);
            day.requests = row.integer("requests"_L1);
            day.tokens = row.integer("tokens"_L1);
            day.costNanoUsd = row.integer("cost_nano_usd"_L1);
            day.credits = row.integer("credits"_L1, Need::Optional, 0);
            return day;
        });
}

} // namespace sluice
