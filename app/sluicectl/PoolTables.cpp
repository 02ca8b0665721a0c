#include "PoolTables.h"

#include "Format.h"

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
QString ofLimit(const QJsonObject &object, QLatin1StringView used, QLatin1StringView limit)
{
    return show(object.value(used)) + u'/' + showLimit(object.value(limit));
}
} // namespace

TextTable poolsTable(const QJsonArray &pools)
{
    TextTable table({u"POOL"_s, u"MODE"_s, u"IN USE"_s, u"WAITING"_s, u"REQ/MIN"_s, u"TOKENS/MIN"_s,
                     u"MEAN LEASE"_s});
    for (const QJsonValue &value : pools) {
        const QJsonObject pool = value.toObject();
        table.addRow({pool.value("name"_L1).toString(), pool.value("mode"_L1).toString(),
                      ofLimit(pool, "in_use"_L1, "max_concurrent"_L1),
                      ofLimit(pool, "waiting"_L1, "max_queue_length"_L1),
                      ofLimit(pool, "window_requests"_L1, "requests_per_minute"_L1),
                      ofLimit(pool, "window_tokens"_L1, "tokens_per_minute"_L1),
                      showDuration(pool.value("mean_lease_ms"_L1))});
    }
    return table;
}

TextTable poolDetails(const QJsonObject &pool)
{
    QList<std::pair<QString, QString>> rows{
        {u"pool"_s, pool.value("name"_L1).toString()},
        {u"mode"_s, pool.value("mode"_L1).toString()},
        {u"in use"_s, ofLimit(pool, "in_use"_L1, "max_concurrent"_L1)},
        {u"active leases"_s, show(pool.value("active_leases"_L1))},
        {u"waiting"_s, ofLimit(pool, "waiting"_L1, "max_queue_length"_L1)},
        {u"requests last minute"_s, ofLimit(pool, "window_requests"_L1, "requests_per_minute"_L1)},
        {u"tokens last minute"_s, ofLimit(pool, "window_tokens"_L1, "tokens_per_minute"_L1)},
        {u"window frees at"_s, showTime(pool.value("window_frees_at"_L1))},
        {u"throttled until"_s, showTime(pool.value("throttled_until"_L1))},
        {u"mean lease"_s, showDuration(pool.value("mean_lease_ms"_L1))},
    };
    if (pool.value("drain_total"_L1).toInteger() > 0)
        rows.append({u"drain"_s, u"%1 of %2 left"_s.arg(show(pool.value("drain_remaining"_L1)),
                                                        show(pool.value("drain_total"_L1)))});
    return TextTable::fields(rows);
}

TextTable alertsTable(const QJsonArray &alerts)
{
    TextTable table(
        {u"ID"_s, u"RULE"_s, u"TARGET"_s, u"FIRED"_s, u"CLEARED"_s, u"ACKED BY"_s, u"MESSAGE"_s});
    for (const QJsonValue &value : alerts) {
        const QJsonObject alert = value.toObject();
        const QString acked = alert.value("acked_at"_L1).toInteger() > 0
                                  ? alert.value("acked_by"_L1).toString()
                                  : u"-"_s;
        const QString target = alert.value("target"_L1).toString();
        table.addRow({show(alert.value("id"_L1)), alert.value("rule_id"_L1).toString(),
                      target.isEmpty() ? u"-"_s : target, showTime(alert.value("fired_at"_L1)),
                      showTime(alert.value("cleared_at"_L1)), acked.isEmpty() ? u"-"_s : acked,
                      alert.value("message"_L1).toString()});
    }
    return table;
}

QString poolSummary(const QJsonObject &pool)
{
    QString text = u"%1 waiting, %2 in flight"_s.arg(show(pool.value("waiting"_L1)),
                                                     show(pool.value("in_use"_L1)));
    if (pool.value("mode"_L1).toString() == u"draining")
        text += u" (%1 of %2 left to finish)"_s.arg(show(pool.value("drain_remaining"_L1)),
                                                    show(pool.value("drain_total"_L1)));
    return text;
}

} // namespace sluice::ctl
