#pragma once

#include "models/KeyedTableModel.h"
#include "protocol/ApiTypes.h"

namespace sluice {

/// Versions of the configuration, newest first: version, when, who and their note.
class ConfigHistoryModel : public KeyedTableModel<ConfigVersionRow, qint32>
{
public:
    enum Column
    {
        Version,
        When,
        Actor,
        Note,
        ColumnCount
    };

    using KeyedTableModel::KeyedTableModel;

    /// The version in force, shown in bold.
    void setCurrentVersion(qint32 version);

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    qint32 key(const ConfigVersionRow &row) const override { return row.version; }
    QVariant cell(const ConfigVersionRow &row, int column, int role) const override;
    QString rawHeader(int column) const override;

private:
    qint32 m_current = 0;
};

} // namespace sluice
