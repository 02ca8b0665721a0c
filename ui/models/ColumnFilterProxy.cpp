#include "models/ColumnFilterProxy.h"

namespace sluice {

ColumnFilterProxy::ColumnFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::UserRole);
    setDynamicSortFilter(true);
}

void ColumnFilterProxy::setColumnFilter(int column, const QString &text, Match match)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()
            ? !m_filters.contains(column)
            : m_filters.value(column).text == trimmed && m_filters.value(column).match == match)
        return;
    if (trimmed.isEmpty())
        m_filters.remove(column);
    else
        m_filters.insert(column, {trimmed, match});
    invalidateRowsFilter();
}

void ColumnFilterProxy::clearFilters()
{
    m_filters.clear();
    invalidateRowsFilter();
}

bool ColumnFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    for (auto it = m_filters.cbegin(); it != m_filters.cend(); ++it) {
        const QString value = sourceModel()
                                  ->index(sourceRow, it.key(), sourceParent)
                                  .data(Qt::DisplayRole)
                                  .toString();
        const bool pass = it->match == Match::Exact
                              ? value.compare(it->text, Qt::CaseInsensitive) == 0
                              : value.contains(it->text, Qt::CaseInsensitive);
        if (!pass)
            return false;
    }
    return true;
}

} // namespace sluice
