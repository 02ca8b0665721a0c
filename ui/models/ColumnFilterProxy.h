#pragma once

#include <QHash>
#include <QSortFilterProxyModel>

namespace sluice {

/// Sorts by KeyedTableModel's SortRole and keeps the rows that pass every column filter:
/// an exact (case-insensitive) match or a substring match per column.
class ColumnFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Match
    {
        Exact,
        Contains
    };

    explicit ColumnFilterProxy(QObject *parent = nullptr);

    /// An empty text removes the column's filter.
    void setColumnFilter(int column, const QString &text, Match match = Match::Contains);
    void clearFilters();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    struct Filter
    {
        QString text;
        Match match = Match::Contains;
    };
    QHash<int, Filter> m_filters;
};

} // namespace sluice
