#pragma once

#include "models/QueueModel.h"

#include <QObject>

#include <functional>
#include <optional>

class QAbstractProxyModel;
class QTableView;

namespace sluice {

/// The ticket an operator chose in a queue table, followed through the table's changes. The
/// selection belongs to the ticket, not to its row: when the queue moves, the ticket's row
/// stays selected; when the ticket leaves (granted, timed out, hidden by a filter), nothing
/// is selected. Qt's single-selection views select the next row when the current one is
/// removed; that is not the operator's choice and is undone here.
/// GUI thread only.
class TicketChoice : public QObject
{
    Q_OBJECT

public:
    /// `view` shows `model` through `proxy`.
    TicketChoice(QTableView &view, QueueModel &model, QAbstractProxyModel &proxy,
                 QObject *parent = nullptr);

    /// The chosen ticket; 0 when none.
    RequestId chosen() const { return m_chosen; }
    /// The chosen ticket's row as the table shows it now, if it is still there.
    std::optional<QueueRow> chosenRow() const;
    /// Runs `change` to the rows, then selects the chosen ticket's row again, or nothing.
    void changeRows(const std::function<void()> &change);

signals:
    void changed();

private:
    void take();
    void follow();
    void select(const std::function<void()> &selection);

    QTableView &m_view;
    QueueModel &m_model;
    QAbstractProxyModel &m_proxy;
    RequestId m_chosen = 0;
    bool m_changing = false;
};

} // namespace sluice
