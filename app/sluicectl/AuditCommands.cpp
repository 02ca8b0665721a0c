// audit (admin): the audit log, filtered.

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "TextTable.h"

#include <QDateTime>
#include <QJsonArray>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
/// --from / --to: ms since the epoch, or ISO 8601 (local time unless it names a zone).
qint64 timeOption(CtlRun &run, const QString &option)
{
    const QString text = run.value(option).trimmed();
    bool ok = false;
    const qint64 ms = text.toLongLong(&ok);
    if (ok && ms >= 0)
        return ms;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            time = date.startOfDay();
    }
    if (!time.isValid())
        CtlRun::fail(ExitCode::Usage,
                     u"--%1 must be a time such as 2026-12-06T09:30, 2026-12-06 or ms since the "
                     "epoch (got \"%2\")"_s.arg(option, text.left(60)));
    return time.toMSecsSinceEpoch();
}
} // namespace

int runAudit(CtlRun &run)
{
    QUrlQuery query;
    for (const QString &filter : {u"actor"_s, u"action"_s, u"target"_s}) {
        if (run.isSet(filter))
            query.addQueryItem(filter, run.value(filter));
    }
    for (const QString &bound : {u"from"_s, u"to"_s}) {
        if (run.isSet(bound))
            query.addQueryItem(bound, QString::number(timeOption(run, bound)));
    }
    query.addQueryItem(u"limit"_s, QString::number(run.intOption(u"limit"_s, 100, 1, 1000)));
    query.addQueryItem(u"offset"_s, QString::number(run.intOption(u"offset"_s, 0, 0, INT32_MAX)));
    const QJsonObject answer = run.get(u"/v1/audit"_s, u"audit log"_s, query);
    if (run.json())
        return run.printJson(answer);
    TextTable table({u"ID"_s, u"AT"_s, u"BY"_s, u"ACTION"_s, u"TARGET"_s, u"DETAIL"_s});
    for (const QJsonValue &value : answer.value("entries"_L1).toArray()) {
        const QJsonObject entry = value.toObject();
        table.addRow({show(entry.value("id"_L1)), showTime(entry.value("at"_L1)),
                      entry.value("actor"_L1).toString(), entry.value("action"_L1).toString(),
                      entry.value("target"_L1).toString(), entry.value("detail"_L1).toString()});
    }
    if (table.rowCount() == 0)
        run.out() << "No audit entries match.\n";
    else
        table.write(run.out());
    return 0;
}

} // namespace sluice::ctl
