// alerts list (support), ack and test (operator).

#include "Commands.h"
#include "CtlRun.h"
#include "PoolTables.h"

#include <QJsonArray>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

int runAlertsList(CtlRun &run)
{
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(run.intOption(u"limit"_s, 100, 1, 1000)));
    query.addQueryItem(u"offset"_s, QString::number(run.intOption(u"offset"_s, 0, 0, INT32_MAX)));
    const QJsonObject answer = run.get(u"/v1/alerts"_s, u"alerts"_s, query);
    if (run.json())
        return run.printJson(answer);
    const QJsonArray active = answer.value("active"_L1).toArray();
    if (active.isEmpty()) {
        run.out() << "No active alerts.\n";
    } else {
        run.out() << "Active:\n";
        alertsTable(active).write(run.out());
    }
    const QJsonArray history = answer.value("history"_L1).toArray();
    run.out() << "\nHistory:\n";
    if (history.isEmpty())
        run.out() << "  none\n";
    else
        alertsTable(history).write(run.out());
    return 0;
}

int runAlertsAck(CtlRun &run)
{
    const qint64 id = run.intArg(0, u"ID"_s, 1, std::numeric_limits<qint64>::max() / 2);
    const QJsonObject alert =
        run.send("POST", u"/v1/alerts/%1/ack"_s.arg(id), u"alert %1"_s.arg(id));
    if (run.json())
        return run.printJson(alert);
    run.out() << u"Alert %1 acknowledged: %2\n"_s.arg(QString::number(id),
                                                      alert.value("message"_L1).toString());
    return 0;
}

int runAlertsTest(CtlRun &run)
{
    const QJsonObject alert = run.send("POST", u"/v1/alerts/test"_s, u"test alert"_s);
    if (run.json())
        return run.printJson(alert);
    run.out() << u"Test alert %1 sent: %2\n"_s.arg(
        QString::number(alert.value("id"_L1).toInteger()), alert.value("message"_L1).toString());
    return 0;
}

} // namespace sluice::ctl
