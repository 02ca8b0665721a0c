#pragma once

#include "models/KeyedTableModel.h"
#include "protocol/ApiTypes.h"

namespace sluice {

/// Support's list of users (Backend::userList): who, tier, requests today against the
/// limit, spend today and when they were last seen, relative to setNow().
class UserListModel : public KeyedTableModel<UserSummary, QString>
{
public:
    enum Column
    {
        User,
        Tier,
        Requests,
        Spend,
        LastSeen,
        ColumnCount
    };

    using KeyedTableModel::KeyedTableModel;

    /// The wall-clock time "last seen" is counted back from; cells change with it.
    void setNow(TimeMs now);

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString key(const UserSummary &row) const override { return row.user; }
    QVariant cell(const UserSummary &row, int column, int role) const override;
    QString rawHeader(int column) const override;

private:
    TimeMs m_now = 0;
};

} // namespace sluice
