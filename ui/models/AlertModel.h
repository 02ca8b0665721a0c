#pragma once

#include "models/KeyedTableModel.h"
#include "protocol/ApiTypes.h"

namespace sluice {

/// Alerts, active or past: state, when, what and how high it went.
class AlertModel : public KeyedTableModel<AlertRecord, qint64>
{
public:
    enum Column
    {
        State,
        Fired,
        Rule,
        Target,
        Peak,
        Message,
        Acknowledged,
        ColumnCount
    };

    using KeyedTableModel::KeyedTableModel;

    /// "firing", "acknowledged", "cleared" or "test".
    static QString stateText(const AlertRecord &alert);

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    qint64 key(const AlertRecord &row) const override { return row.id; }
    QVariant cell(const AlertRecord &row, int column, int role) const override;
    QString rawHeader(int column) const override;
};

} // namespace sluice
