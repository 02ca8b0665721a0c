#include "models/GatewayListModel.h"

#include "widgets/DisplayText.h"
#include "widgets/ThemedIcons.h"

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

void GatewayListModel::setGateways(QList<GatewayEntry> gateways)
{
    std::stable_partition(gateways.begin(), gateways.end(),
                          [](const GatewayEntry &entry) { return entry.isLocal(); });
    setRows(gateways);
}

int GatewayListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (rowAt(row).id == id)
            return row;
    }
    return -1;
}

QString GatewayListModel::header(int column) const
{
    switch (column) {
    case Name:
        return u"Gateway"_s;
    case Url:
        return u"URL"_s;
    case State:
        return u"State"_s;
    }
    return {};
}

QList<int> GatewayListModel::changeRoles() const
{
    return {Qt::DisplayRole, SortRole, Qt::DecorationRole, Qt::ToolTipRole};
}

QVariant GatewayListModel::cell(const GatewayEntry &row, int column, int role) const
{
    const QString state = display::connectionState(row.state);
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        if (column == Name)
            return row.name;
        if (column == Url)
            return row.isLocal() ? u"embedded engine"_s : row.url;
        return column == State ? QVariant(state) : QVariant();
    case Qt::DecorationRole:
        return column == Name ? QVariant(ThemedIcons::stateDot(row.state)) : QVariant();
    case Qt::ToolTipRole:
        return QString((row.isLocal() ? u"Embedded engine"_s : row.url) % u": "_s % state);
    case IdRole:
        return row.id;
    }
    return {};
}

} // namespace sluice
