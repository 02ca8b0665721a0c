#include "models/UserListModel.h"

#include "protocol/WireEngine.h"
#include "widgets/DisplayText.h"

namespace sluice {

using namespace Qt::StringLiterals;

void UserListModel::setNow(TimeMs now)
{
    m_now = now;
    if (rowCount() > 0)
        emit dataChanged(index(0, LastSeen), index(rowCount() - 1, LastSeen), {Qt::DisplayRole});
}

QString UserListModel::header(int column) const
{
    switch (column) {
    case User:
        return u"User"_s;
    case Tier:
        return u"Tier"_s;
    case Requests:
        return u"Requests today"_s;
    case Spend:
        return u"Spend today"_s;
    case LastSeen:
        return u"Last seen"_s;
    }
    return {};
}

QString UserListModel::rawHeader(int column) const
{
    switch (column) {
    case Spend:
        return u"Spend today (USD)"_s;
    case LastSeen:
        return u"Last seen (UTC)"_s;
    default:
        return {};
    }
}

QVariant UserListModel::cell(const UserSummary &row, int column, int role) const
{
    if (role == Qt::TextAlignmentRole && (column == Requests || column == Spend))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == LastSeen)
        return row.lastSeen > 0 ? display::dateTime(row.lastSeen)
                                : u"No request since the gateway started"_s;
    if (role == TableCsv::RawRole) {
        switch (column) {
        case Requests:
            return QString::number(row.requestsToday);
        case Spend:
            return QString::number(double(row.costNanoUsdToday) / 1e9, 'f', 9);
        case LastSeen:
            return row.lastSeen > 0 ? isoUtc(row.lastSeen) : QString();
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case User:
        return row.user;
    case Tier:
        return sort || !row.tierPinned ? row.tier : QString(row.tier % u" (pinned)"_s);
    case Requests:
        if (sort)
            return row.requestsToday;
        return QString(display::count(row.requestsToday) % u" / "_s %
                       display::count(row.requestLimit));
    case Spend:
        return sort ? QVariant(row.costNanoUsdToday) : QVariant(display::usd(row.costNanoUsdToday));
    case LastSeen:
        if (sort)
            return row.lastSeen;
        if (row.lastSeen <= 0)
            return u"before the restart"_s;
        return QString(display::duration(m_now - row.lastSeen) % u" ago"_s);
    }
    return {};
}

} // namespace sluice
