#include "models/QueueModel.h"

#include "widgets/DisplayText.h"

#include <limits>

namespace sluice {

using namespace Qt::StringLiterals;

void QueueModel::setTickets(const QList<RequestInfo> &tickets, TimeMs now)
{
    QList<QueueRow> rows;
    rows.reserve(tickets.size());
    for (const RequestInfo &ticket : tickets)
        rows.append({ticket, std::max<qint64>(0, now - ticket.enqueuedAt)});
    setRows(rows);
}

QString QueueModel::header(int column) const
{
    switch (column) {
    case Position:
        return u"Position"_s;
    case User:
        return u"User"_s;
    case Tier:
        return u"Tier"_s;
    case Pool:
        return u"Pool"_s;
    case Waited:
        return u"Waited"_s;
    case Eta:
        return u"ETA"_s;
    case Id:
        return u"Ticket"_s;
    }
    return {};
}

QString QueueModel::rawHeader(int column) const
{
    if (column == Waited)
        return u"Waited (s)"_s;
    return column == Eta ? u"ETA (s)"_s : QString();
}

QVariant QueueModel::cell(const QueueRow &row, int column, int role) const
{
    const RequestInfo &t = row.ticket;
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = column == Position || column == Waited || column == Eta;
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter
                                           : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == TableCsv::RawRole) {
        if (column == Waited)
            return QString::number(double(row.waitedMs) / 1000.0, 'g', 12);
        if (column == Eta) // seconds; empty while paused
            return t.estimatedWaitMs
                       ? QString::number(double(*t.estimatedWaitMs) / 1000.0, 'g', 12)
                       : QString();
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case Position:
        return sort ? QVariant(t.position) : QVariant(QString::number(t.position));
    case User:
        return t.user;
    case Tier:
        return t.tier;
    case Pool:
        return t.pool;
    case Waited:
        return sort ? QVariant(row.waitedMs) : QVariant(display::duration(row.waitedMs));
    case Eta:
        if (!t.estimatedWaitMs) // paused: after every time, and said so
            return sort ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(u"paused"_s);
        return sort ? QVariant(*t.estimatedWaitMs)
                    : QVariant(u"~"_s + display::duration(*t.estimatedWaitMs));
    case Id:
        return formatRequestId(t.id);
    }
    return {};
}

} // namespace sluice
