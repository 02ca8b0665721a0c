#include "models/RowSpans.h"

#include <algorithm>

namespace sluice {

QList<RowSpan> mergeRowSpans(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<RowSpan> spans;
    for (int row : std::as_const(rows)) {
        if (!spans.isEmpty() && spans.last().last + 1 == row)
            spans.last().last = row;
        else
            spans.append({row, row});
    }
    return spans;
}

} // namespace sluice
