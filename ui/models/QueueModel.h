#pragma once

#include "models/KeyedTableModel.h"
#include "protocol/ApiTypes.h"

namespace sluice {

/// A waiting ticket as the queue table shows it: the ticket and how long it has waited.
struct QueueRow
{
    RequestInfo ticket;
    qint64 waitedMs = 0;
};

/// The waiting tickets of one pool, in queue order.
class QueueModel : public KeyedTableModel<QueueRow, RequestId>
{
public:
    enum Column
    {
        Position,
        User,
        Tier,
        Pool,
        Waited,
        Eta,
        Id,
        ColumnCount
    };

    using KeyedTableModel::KeyedTableModel;

    /// Merges `tickets` in; `now` gives each its time waited.
    void setTickets(const QList<RequestInfo> &tickets, TimeMs now);
    RequestId ticketId(int row) const { return rowAt(row).ticket.id; }

protected:
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    RequestId key(const QueueRow &row) const override { return row.ticket.id; }
    QVariant cell(const QueueRow &row, int column, int role) const override;
    QString rawHeader(int column) const override;
};

} // namespace sluice
