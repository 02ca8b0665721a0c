#pragma once

#include <QList>
#include <QPointF>

namespace sluice {

/// Thins a time series for drawing: the x range is cut into `buckets` equal columns and each
/// column keeps its lowest and highest point, in time order. Peaks and dips stay visible while
/// an hour of 1 Hz samples costs about two points per pixel column instead of 3600.
/// Points must be in increasing x. Fewer points than 2 x buckets are returned unchanged.
class SeriesDecimator
{
public:
    static void decimate(const QList<QPointF> &points, int buckets, QList<QPointF> *out);
};

} // namespace sluice
