#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace sluice {

/// Per pool, in use against limit for concurrency, requests per minute, tokens per minute
/// and queue length, as labelled bars. Rows are kept and updated in place while the pool
/// names stay the same.
class PoolGauges : public QWidget
{
    Q_OBJECT

public:
    enum Gauge
    {
        Concurrency,
        RequestsPerMinute,
        TokensPerMinute,
        Queue,
        GaugeCount
    };

    explicit PoolGauges(QWidget *parent = nullptr);

    void setPools(const QList<PoolStatus> &pools);
    /// The bar of one pool's gauge; nullptr for an unknown pool.
    QProgressBar *bar(const QString &pool, Gauge gauge) const;

private:
    struct Row
    {
        QString name;
        QLabel *title = nullptr;
        QProgressBar *bars[GaugeCount] = {};
    };

    void rebuild(const QList<PoolStatus> &pools);
    static void show(QProgressBar *bar, qint64 used, qint64 limit, const QString &unit);

    QGridLayout *m_grid;
    QList<Row> m_rows;
};

} // namespace sluice
