#include "models/AlertModel.h"

#include "models/AlertNames.h"
#include "protocol/WireEngine.h"
#include "widgets/DisplayText.h"

namespace sluice {

using namespace Qt::StringLiterals;

QString AlertModel::stateText(const AlertRecord &alert)
{
    if (alert.metric == u"test")
        return u"test"_s;
    if (alert.clearedAt != 0)
        return u"cleared"_s;
    return alert.ackedAt != 0 ? u"acknowledged"_s : u"firing"_s;
}

QString AlertModel::header(int column) const
{
    switch (column) {
    case State:
        return u"State"_s;
    case Fired:
        return u"Fired"_s;
    case Rule:
        return u"Rule"_s;
    case Target:
        return u"Target"_s;
    case Peak:
        return u"Peak"_s;
    case Message:
        return u"Message"_s;
    case Acknowledged:
        return u"Acknowledged by"_s;
    }
    return {};
}

QString AlertModel::rawHeader(int column) const
{
    if (column == Fired)
        return u"Fired (UTC)"_s;
    return column == Peak ? u"Peak (fraction of the limit)"_s : QString();
}

QVariant AlertModel::cell(const AlertRecord &row, int column, int role) const
{
    if (role == Qt::ToolTipRole && column == Rule && !row.ruleId.isEmpty())
        return QString(u"Rule id: "_s % row.ruleId);
    if (role == TableCsv::RawRole) {
        if (column == Fired)
            return isoUtc(row.firedAt);
        return column == Peak ? QVariant(QString::number(row.peak, 'g', 6)) : QVariant();
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case State:
        return stateText(row);
    case Fired:
        return sort ? QVariant(row.firedAt) : QVariant(display::dateTime(row.firedAt));
    case Rule:
        return AlertNames::metric(row.metric);
    case Target:
        return AlertNames::target(row.metric, row.target);
    case Peak:
        return sort ? QVariant(row.peak) : QVariant(display::percent(row.peak));
    case Message:
        return row.message;
    case Acknowledged:
        return row.ackedBy;
    }
    return {};
}

} // namespace sluice
