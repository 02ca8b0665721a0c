#pragma once

#include "models/KeyedTableModel.h"
#include "protocol/ApiTypes.h"

namespace sluice {

/// Audit log entries: who changed what and when, newest first as the backend sends them.
class AuditModel : public KeyedTableModel<AuditEntry, qint64>
{
public:
    enum Column
    {
        When,
        Actor,
        Action,
        Target,
        Detail,
        ColumnCount
    };

    using KeyedTableModel::KeyedTableModel;

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    qint64 key(const AuditEntry &row) const override { return row.id; }
    QVariant cell(const AuditEntry &row, int column, int role) const override;
    QString rawHeader(int column) const override;
};

} // namespace sluice
