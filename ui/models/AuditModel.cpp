#include "models/AuditModel.h"

#include "protocol/WireEngine.h"
#include "widgets/DisplayText.h"

namespace sluice {

using namespace Qt::StringLiterals;

QString AuditModel::header(int column) const
{
    switch (column) {
    case When:
        return u"When"_s;
    case Actor:
        return u"Who"_s;
    case Action:
        return u"Action"_s;
    case Target:
        return u"Target"_s;
    case Detail:
        return u"Detail"_s;
    }
    return {};
}

QString AuditModel::rawHeader(int column) const
{
    return column == When ? u"When (UTC)"_s : QString();
}

QVariant AuditModel::cell(const AuditEntry &row, int column, int role) const
{
    if (role == TableCsv::RawRole)
        return column == When ? QVariant(isoUtc(row.at)) : QVariant();
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case When:
        return role == SortRole ? QVariant(row.at) : QVariant(display::dateTime(row.at));
    case Actor:
        return row.actor;
    case Action:
        return row.action;
    case Target:
        return row.target;
    case Detail:
        return row.detail;
    }
    return {};
}

} // namespace sluice
