#pragma once

#include <QColor>
#include <QString>

namespace sluice {

/// A horizontal line across a live chart at a fixed value: a pool's limit or the level at
/// which an alert rule warns. `series` is the index of the series it belongs to (its colour);
/// `label` names it in the hover text, e.g. "limit 5" or "warning 80%: 4".
struct ReferenceLine
{
    enum class Kind : quint8
    {
        Limit,   ///< dashed: where new requests wait or are refused
        Warning, ///< dotted: where the alert rule fires
    };

    int series = 0;
    Kind kind = Kind::Limit;
    double value = 0;
    QString label;

    friend bool operator==(const ReferenceLine &, const ReferenceLine &) = default;
};

} // namespace sluice
