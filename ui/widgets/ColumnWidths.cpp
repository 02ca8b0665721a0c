#include "widgets/ColumnWidths.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

namespace sluice {

void ColumnWidths::fitOnce(QTableView *view)
{
    new ColumnWidths(view);
}

ColumnWidths::ColumnWidths(QTableView *view)
    : QObject(view)
    , m_view(view)
{
    QHeaderView *header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->resizeSections(QHeaderView::ResizeToContents); // the headers, until rows come
    view->setWordWrap(false);
    if (QAbstractItemModel *model = view->model()) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &ColumnWidths::fitIfFilled);
        connect(model, &QAbstractItemModel::modelReset, this, &ColumnWidths::fitIfFilled);
        connect(model, &QAbstractItemModel::layoutChanged, this, &ColumnWidths::fitIfFilled);
    }
    view->installEventFilter(this);
    fitIfFilled();
}

bool ColumnWidths::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show)
        fitIfFilled();
    return QObject::eventFilter(watched, event);
}

void ColumnWidths::fitIfFilled()
{
    const QAbstractItemModel *model = m_view->model();
    if (m_done || !model || model->rowCount() == 0 || !m_view->isVisible())
        return;
    m_done = true;
    const int last = model->columnCount() - 1;
    const int room = m_view->fontMetrics().horizontalAdvance(u'M'); // for values that grow
    for (int column = 0; column < last; ++column) {
        m_view->resizeColumnToContents(column);
        m_view->setColumnWidth(column, m_view->columnWidth(column) + room);
    }
    if (QAbstractItemModel *source = m_view->model())
        disconnect(source, nullptr, this, nullptr);
    m_view->removeEventFilter(this);
}

} // namespace sluice
