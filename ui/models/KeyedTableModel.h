#pragma once

#include "models/RowSpans.h"
#include "models/TableCsv.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace sluice {

/// A table over a list of values, each with a unique key. setRows() merges a new list in:
/// rows whose key went away are removed, new keys inserted, moved keys moved, and rows whose
/// shown cells differ are reported with one dataChanged(first, last, roles) per run of
/// consecutive rows: views never see a reset on an update.
///
/// Subclasses describe the columns; Qt::DisplayRole is the text, SortRole the raw value
/// sorting uses (numbers and times sort as numbers).
template<typename Row, typename Key> class KeyedTableModel : public QAbstractTableModel
{
public:
    static constexpr int SortRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : columns();
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        return cell(m_rows.at(index.row()), index.column(), role);
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        if (orientation == Qt::Horizontal && section >= 0 && section < columns()) {
            if (role == Qt::DisplayRole)
                return header(section);
            if (role == TableCsv::RawRole) {
                const QString raw = rawHeader(section);
                return raw.isEmpty() ? QVariant() : QVariant(raw);
            }
        }
        return QAbstractTableModel::headerData(section, orientation, role);
    }

    const QList<Row> &rows() const { return m_rows; }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    /// The row holding `k`, or -1.
    int rowOf(const Key &k) const
    {
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (key(m_rows.at(i)) == k)
                return int(i);
        }
        return -1;
    }

    /// Merges `next` in (see the class comment). Later duplicates of a key are ignored.
    void setRows(const QList<Row> &next)
    {
        QList<Row> unique;
        QSet<Key> nextKeys;
        unique.reserve(next.size());
        for (const Row &row : next) {
            if (!nextKeys.contains(key(row))) {
                nextKeys.insert(key(row));
                unique.append(row);
            }
        }
        removeRowsNotIn(nextKeys);
        // First the new values of the rows that stay, in place: a sorting proxy must compare
        // newcomers and moved rows with current values, not with a mix of old and new.
        QHash<Key, qsizetype> nextIndex;
        nextIndex.reserve(unique.size());
        for (qsizetype i = 0; i < unique.size(); ++i)
            nextIndex.insert(key(unique.at(i)), i);
        QList<int> changed;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const Row &updated = unique.at(nextIndex.value(key(m_rows.at(i))));
            if (!sameCells(m_rows.at(i), updated))
                changed.append(int(i));
            m_rows[i] = updated;
        }
        const QList<int> roles = changeRoles();
        for (const RowSpan &span : mergeRowSpans(changed))
            emit dataChanged(index(span.first, 0), index(span.last, columns() - 1), roles);
        // Then the order, and the newcomers in their places.
        QSet<Key> unplaced;
        for (const Row &row : std::as_const(m_rows))
            unplaced.insert(key(row));
        qsizetype i = 0;
        while (i < unique.size()) {
            const Key k = key(unique.at(i));
            if (!unplaced.contains(k)) {
                qsizetype end = i + 1;
                while (end < unique.size() && !unplaced.contains(key(unique.at(end))))
                    ++end;
                beginInsertRows({}, int(i), int(end - 1));
                for (qsizetype j = i; j < end; ++j)
                    m_rows.insert(j, unique.at(j));
                endInsertRows();
                i = end;
                continue;
            }
            if (key(m_rows.at(i)) != k)
                moveRowTo(k, i);
            unplaced.remove(k);
            ++i;
        }
    }

protected:
    virtual int columns() const = 0;
    virtual QString header(int column) const = 0;
    virtual Key key(const Row &row) const = 0;
    virtual QVariant cell(const Row &row, int column, int role) const = 0;
    /// The header of a column whose cells give TableCsv::RawRole values in another unit
    /// than shown, e.g. "Waited (s)"; empty: the shown header.
    virtual QString rawHeader(int column) const
    {
        Q_UNUSED(column);
        return {};
    }
    /// The roles dataChanged names; rows are compared by their DisplayRole and SortRole.
    virtual QList<int> changeRoles() const { return {Qt::DisplayRole, SortRole}; }

private:
    bool sameCells(const Row &a, const Row &b) const
    {
        for (int column = 0; column < columns(); ++column) {
            for (int role : {int(Qt::DisplayRole), SortRole}) {
                if (cell(a, column, role) != cell(b, column, role))
                    return false;
            }
        }
        return true;
    }

    void removeRowsNotIn(const QSet<Key> &keep)
    {
        QList<int> gone;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (!keep.contains(key(m_rows.at(i))))
                gone.append(int(i));
        }
        const QList<RowSpan> spans = mergeRowSpans(gone);
        for (auto span = spans.crbegin(); span != spans.crend(); ++span) {
            beginRemoveRows({}, span->first, span->last);
            m_rows.remove(span->first, span->last - span->first + 1);
            endRemoveRows();
        }
    }

    void moveRowTo(const Key &k, qsizetype to)
    {
        qsizetype from = to + 1;
        while (from < m_rows.size() && key(m_rows.at(from)) != k)
            ++from;
        beginMoveRows({}, int(from), int(from), {}, int(to));
        m_rows.move(from, to);
        endMoveRows();
    }

    QList<Row> m_rows;
};

} // namespace sluice
