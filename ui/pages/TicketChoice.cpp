#include "pages/TicketChoice.h"

#include <QAbstractProxyModel>
#include <QItemSelectionModel>
#include <QTableView>

namespace sluice {

TicketChoice::TicketChoice(QTableView &view, QueueModel &model, QAbstractProxyModel &proxy,
                           QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_proxy(proxy)
{
    connect(m_view.selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TicketChoice::take);
}

void TicketChoice::take()
{
    if (m_changing)
        return; // the view reselecting as rows go is not the operator's choice
    const QModelIndexList rows = m_view.selectionModel()->selectedRows();
    m_chosen = rows.isEmpty() ? 0 : m_model.ticketId(m_proxy.mapToSource(rows.first()).row());
    emit changed();
}

std::optional<QueueRow> TicketChoice::chosenRow() const
{
    const int row = m_chosen ? m_model.rowOf(m_chosen) : -1;
    return row < 0 ? std::nullopt : std::optional<QueueRow>(m_model.rowAt(row));
}

void TicketChoice::changeRows(const std::function<void()> &change)
{
    select(change);
    follow();
}

void TicketChoice::follow()
{
    const int row = m_chosen ? m_model.rowOf(m_chosen) : -1;
    const QModelIndex shown =
        row < 0 ? QModelIndex() : m_proxy.mapFromSource(m_model.index(row, 0));
    QItemSelectionModel &selection = *m_view.selectionModel();
    if (!shown.isValid()) {
        m_chosen = 0; // it left the queue, or the filters hide it
        select([&selection] { selection.clear(); });
    } else if (selection.selectedRows() != QModelIndexList{shown}) {
        select([&selection, shown] {
            selection.setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
        });
    }
    emit changed();
}

void TicketChoice::select(const std::function<void()> &selection)
{
    m_changing = true;
    selection();
    m_changing = false;
}

} // namespace sluice
