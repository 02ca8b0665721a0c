#pragma once

#include "connections/GatewayEntry.h"
#include "models/KeyedTableModel.h"

namespace sluice {

/// The gateways of the side list, "Local" first, each with a connection-state dot.
class GatewayListModel : public KeyedTableModel<GatewayEntry, QString>
{
public:
    enum Column
    {
        Name,
        Url,
        State,
        ColumnCount
    };
    static constexpr int IdRole = Qt::UserRole + 1;

    using KeyedTableModel::KeyedTableModel;

    /// Merges the entries in with Local moved to the top.
    void setGateways(QList<GatewayEntry> gateways);
    /// The row of a gateway id; -1 when absent.
    int rowOf(const QString &id) const;

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString key(const GatewayEntry &row) const override { return row.id; }
    QVariant cell(const GatewayEntry &row, int column, int role) const override;
    QList<int> changeRoles() const override;
};

} // namespace sluice
