#include "models/AlertModel.h"

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

QVariant AlertModel::cell(const AlertRecord &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case State:
        return stateText(row);
    case Fired:
        return sort ? QVariant(row.firedAt) : QVariant(display::dateTime(row.firedAt));
    case Rule:
        return row.ruleId.isEmpty() ? row.metric : row.ruleId;
    case Target:
        return row.target;
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
