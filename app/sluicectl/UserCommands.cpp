// user show (support), user tier (admin).

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "TextTable.h"

#include <QJsonArray>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
QString userPath(const QString &user, const QString &rest = {})
{
    return u"/v1/users/"_s + pathSegment(user) + rest;
}

QString ofLimit(const QJsonObject &quota, QLatin1StringView used, QLatin1StringView limit)
{
    return show(quota.value(used)) + u" of "_s + showLimit(quota.value(limit));
}

void writeQuota(CtlRun &run, const QJsonObject &quota)
{
    QString tier = quota.value("tier"_L1).toString();
    if (quota.value("tier_pinned"_L1).toBool())
        tier += u" (pinned)"_s;
    TextTable::fields(
        {{u"user"_s, quota.value("user"_L1).toString()},
         {u"tier"_s, tier},
         {u"known"_s, show(quota.value("known"_L1))},
         {u"requests today"_s, ofLimit(quota, "requests_today"_L1, "request_limit"_L1)},
         {u"tokens today"_s, ofLimit(quota, "tokens_today"_L1, "token_limit"_L1)},
         {u"cost today"_s, showCost(quota.value("cost_nano_usd_today"_L1)) + u" of "_s +
                               (quota.value("cost_limit_nano_usd"_L1).isNull()
                                    ? u"unlimited"_s
                                    : showCost(quota.value("cost_limit_nano_usd"_L1)))},
         {u"credits today"_s, show(quota.value("credits_today"_L1))},
         {u"active"_s, show(quota.value("active"_L1))},
         {u"waiting"_s, show(quota.value("waiting"_L1))},
         {u"quota resets"_s, showTime(quota.value("reset_at"_L1))}})
        .write(run.out());
}
} // namespace

int runUserShow(CtlRun &run)
{
    const QString user = run.arg(0);
    const QJsonObject details = run.get(userPath(user), u"user '%1'"_s.arg(user));
    if (run.json())
        return run.printJson(details);
    writeQuota(run, details.value("quota"_L1).toObject());
    TextTable history({u"DATE"_s, u"REQUESTS"_s, u"TOKENS"_s, u"COST"_s, u"CREDITS"_s});
    for (const QJsonValue &value : details.value("history"_L1).toArray()) {
        const QJsonObject day = value.toObject();
        history.addRow({day.value("date"_L1).toString(), show(day.value("requests"_L1)),
                        show(day.value("tokens"_L1)), showCost(day.value("cost_nano_usd"_L1)),
                        show(day.value("credits"_L1))});
    }
    run.out() << "\nLast 30 days:\n";
    if (history.rowCount() == 0)
        run.out() << "  no usage\n";
    else
        history.write(run.out());
    TextTable rejections({u"AT"_s, u"POOL"_s, u"REASON"_s, u"MESSAGE"_s});
    for (const QJsonValue &value : details.value("recent_rejections"_L1).toArray()) {
        const QJsonObject rejection = value.toObject();
        rejections.addRow(
            {showTime(rejection.value("at"_L1)), rejection.value("pool"_L1).toString(),
             rejection.value("reason"_L1).toString(), rejection.value("message"_L1).toString()});
    }
    if (rejections.rowCount() > 0) {
        run.out() << "\nRecent rejections:\n";
        rejections.write(run.out());
    }
    return 0;
}

int runUserTier(CtlRun &run)
{
    const QString user = run.arg(0);
    const bool unpin = run.isSet(u"unpin"_s);
    if (unpin == (run.args().size() == 2))
        CtlRun::fail(ExitCode::Usage, u"user tier takes either a TIER or --unpin"_s);
    const QJsonValue tier = unpin ? QJsonValue(QJsonValue::Null) : QJsonValue(run.arg(1));
    const QJsonObject answer = run.send("PUT", userPath(user, u"/tier"_s),
                                        u"tier of user '%1'"_s.arg(user), {{u"tier"_s, tier}});
    if (run.json())
        return run.printJson(answer);
    const QJsonObject quota = answer.value("quota"_L1).toObject();
    if (unpin)
        run.out() << u"%1's tier is no longer pinned: %2 (the default).\n"_s.arg(
            user, quota.value("tier"_L1).toString());
    else
        run.out() << u"%1 is on tier %2 from now on.\n"_s.arg(user,
                                                              quota.value("tier"_L1).toString());
    return 0;
}

} // namespace sluice::ctl
