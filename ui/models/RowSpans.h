#pragma once

#include <QList>

namespace sluice {

/// A run of consecutive rows, first and last inclusive.
struct RowSpan
{
    int first = 0;
    int last = 0;

    friend bool operator==(const RowSpan &, const RowSpan &) = default;
};

/// The rows (any order, duplicates allowed) merged into ascending runs of consecutive rows,
/// e.g. {7, 2, 3, 4, 9, 8} -> {2-4, 7-9}.
QList<RowSpan> mergeRowSpans(QList<int> rows);

} // namespace sluice
