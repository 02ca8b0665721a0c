#include "charts/SeriesDecimator.h"

#include <algorithm>

namespace sluice {

void SeriesDecimator::decimate(const QList<QPointF> &points, int buckets, QList<QPointF> *out)
{
    out->clear();
    if (buckets <= 0 || points.size() <= 2 * qsizetype(buckets)) {
        *out = points;
        return;
    }
    const double first = points.first().x();
    const double width = (points.last().x() - first) / buckets;
    qsizetype i = 0;
    for (int bucket = 0; bucket < buckets && i < points.size(); ++bucket) {
        const double end = bucket == buckets - 1 ? points.last().x() : first + width * (bucket + 1);
        qsizetype low = i;
        qsizetype high = i;
        for (; i < points.size() && (points[i].x() <= end || bucket == buckets - 1); ++i) {
            if (points[i].y() < points[low].y())
                low = i;
            if (points[i].y() > points[high].y())
                high = i;
        }
        out->append(points[std::min(low, high)]);
        if (low != high)
            out->append(points[std::max(low, high)]);
    }
}

} // namespace sluice
