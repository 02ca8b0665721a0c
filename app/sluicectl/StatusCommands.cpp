// status, pools, queue, whoami: reading the gateway's state (support).

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "PoolTables.h"

#include <QJsonArray>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMaxPage = 1000;

QString poolPath(const QString &pool, const QString &rest = {})
{
    return u"/v1/pools/"_s + pathSegment(pool) + rest;
}

void writeQueue(CtlRun &run, const QJsonObject &page)
{
    TextTable table({u"POS"_s, u"REQUEST"_s, u"USER"_s, u"TIER"_s, u"TOKENS"_s, u"WAITING SINCE"_s,
                     u"EST. WAIT"_s});
    for (const QJsonValue &value : page.value("items"_L1).toArray()) {
        const QJsonObject item = value.toObject();
        const QString wait = item.value("estimate"_L1).toString() == u"paused"
                                 ? u"paused"_s
                                 : showDuration(item.value("estimatedWait"_L1));
        table.addRow({show(item.value("position"_L1)), item.value("requestId"_L1).toString(),
                      item.value("user"_L1).toString(), item.value("tier"_L1).toString(),
                      show(item.value("tokens"_L1)), showTime(item.value("enqueued_at"_L1)), wait});
    }
    const qint64 total = page.value("total"_L1).toInteger();
    const qint64 offset = page.value("offset"_L1).toInteger();
    const QString pool = page.value("pool"_L1).toString();
    if (table.rowCount() == 0) {
        run.out() << (total == 0 ? u"Nothing is waiting in pool %1.\n"_s.arg(pool)
                                 : u"No entries from offset %1; %2 waiting in pool %3.\n"_s.arg(
                                       QString::number(offset), QString::number(total), pool));
        return;
    }
    table.write(run.out());
    const qint64 last = offset + table.rowCount();
    run.out() << u"\n%1-%2 of %3 waiting in pool %4."_s.arg(
        QString::number(offset + 1), QString::number(last), QString::number(total), pool);
    if (last < total)
        run.out() << u" Next page: --offset %1"_s.arg(last);
    run.out() << '\n';
}
} // namespace

int runStatus(CtlRun &run)
{
    const QJsonObject snapshot = run.get(u"/v1/status"_s, u"status"_s);
    if (run.json())
        return run.printJson(snapshot);
    run.out() << u"Gateway %1, configuration version %2, at %3\n\n"_s.arg(
        run.client().urlOf({}).toDisplayString(QUrl::RemoveUserInfo),
        show(snapshot.value("config_version"_L1)), showTime(snapshot.value("at"_L1)));
    poolsTable(snapshot.value("pools"_L1).toArray()).write(run.out());
    TextTable tiers(
        {u"TIER"_s, u"REQUESTS TODAY"_s, u"USERS"_s, u"COST TODAY"_s, u"DAILY QUOTA PER USER"_s});
    for (const QJsonValue &value : snapshot.value("tiers"_L1).toArray()) {
        const QJsonObject tier = value.toObject();
        tiers.addRow({tier.value("tier"_L1).toString(), show(tier.value("requests"_L1)),
                      show(tier.value("users"_L1)), showCost(tier.value("cost_nano_usd"_L1)),
                      show(tier.value("daily_requests"_L1))});
    }
    run.out() << '\n';
    tiers.write(run.out());
    const QJsonArray alerts = snapshot.value("active_alerts"_L1).toArray();
    run.out() << '\n';
    if (alerts.isEmpty()) {
        run.out() << "No active alerts.\n";
    } else {
        run.out() << "Active alerts:\n";
        alertsTable(alerts).write(run.out());
    }
    return 0;
}

int runPools(CtlRun &run)
{
    if (!run.args().isEmpty()) {
        const QJsonObject pool = run.get(poolPath(run.arg(0)), u"pool '%1'"_s.arg(run.arg(0)));
        if (run.json())
            return run.printJson(pool);
        poolDetails(pool).write(run.out());
        return 0;
    }
    const QJsonObject answer = run.get(u"/v1/pools"_s, u"pools"_s);
    if (run.json())
        return run.printJson(answer);
    poolsTable(answer.value("pools"_L1).toArray()).write(run.out());
    return 0;
}

int runQueue(CtlRun &run)
{
    const QString pool = run.arg(0);
    const QString what = u"queue of pool '%1'"_s.arg(pool);
    if (run.isSet(u"all"_s) && (run.isSet(u"limit"_s) || run.isSet(u"offset"_s)))
        CtlRun::fail(ExitCode::Usage,
                     u"--all fetches every page: leave out --limit and --offset"_s);
    if (!run.isSet(u"all"_s)) {
        QUrlQuery query;
        query.addQueryItem(u"offset"_s,
                           QString::number(run.intOption(u"offset"_s, 0, 0, INT32_MAX)));
        query.addQueryItem(u"limit"_s,
                           QString::number(run.intOption(u"limit"_s, 100, 1, kMaxPage)));
        const QJsonObject page = run.get(poolPath(pool, u"/queue"_s), what, query);
        if (run.json())
            return run.printJson(page);
        writeQueue(run, page);
        return 0;
    }
    // Every page; the queue may move meanwhile, so stop at a short page.
    QJsonArray items;
    QJsonObject page;
    do {
        QUrlQuery query;
        query.addQueryItem(u"offset"_s, QString::number(items.size()));
        query.addQueryItem(u"limit"_s, QString::number(kMaxPage));
        page = run.get(poolPath(pool, u"/queue"_s), what, query);
        const QJsonArray more = page.value("items"_L1).toArray();
        for (const QJsonValue &item : more)
            items.append(item);
        if (more.size() < kMaxPage)
            break;
    } while (true);
    page.insert(u"offset"_s, 0);
    page.insert(u"limit"_s, items.size());
    page.insert(u"items"_s, items);
    if (run.json())
        return run.printJson(page);
    writeQueue(run, page);
    return 0;
}

int runWhoami(CtlRun &run)
{
    const QJsonObject identity = run.get(u"/v1/whoami"_s, u"whoami"_s);
    if (run.json())
        return run.printJson(identity);
    TextTable::fields({{u"gateway"_s, run.client().urlOf({}).toDisplayString(QUrl::RemoveUserInfo)},
                       {u"name"_s, identity.value("name"_L1).toString()},
                       {u"role"_s, identity.value("role"_L1).toString()},
                       {u"key id"_s, identity.value("key_id"_L1).toString()},
                       {u"protocol"_s, show(identity.value("protocol"_L1))}})
        .write(run.out());
    return 0;
}

} // namespace sluice::ctl
