#pragma once

#include "models/AlertLevels.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace sluice {

class PoolStatusLine;

/// Per pool, its status line and in use against limit for concurrency, requests per minute,
/// tokens per minute and queue length, as labelled bars in the alert rules' colours
/// (AlertLevels, LevelColors) with the level also in words ("· warning"), and its spend
/// today in USD and credits. Pools are shown in
/// the order given; rows are kept and relabelled in place while the number of pools stays.
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

    /// `now` is the snapshot's time, for the status lines.
    void setPools(const QList<PoolStatus> &pools, const AlertLevels &levels, TimeMs now);
    /// The bar of one pool's gauge; nullptr for an unknown pool.
    QProgressBar *bar(const QString &pool, Gauge gauge) const;
    TroubleLevel level(const QString &pool, Gauge gauge) const;
    PoolStatusLine *statusLine(const QString &pool) const;
    /// One pool's spend today ("$4.32 · 432 credits"); nullptr for an unknown pool.
    QLabel *spendLabel(const QString &pool) const;
    /// The pools in the order shown.
    QStringList poolNames() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QString name;
        QLabel *title = nullptr;
        PoolStatusLine *status = nullptr;
        QProgressBar *bars[GaugeCount] = {};
        QLabel *spend = nullptr;
        TroubleLevel levels[GaugeCount] = {};
    };

    void resize(qsizetype count);
    const Row *row(const QString &pool) const;
    static void show(QProgressBar *bar, qint64 used, qint64 limit, const QString &unit,
                     TroubleLevel level, double warningAt);
    static void paint(QProgressBar *bar, TroubleLevel level);

    QGridLayout *m_grid;
    QList<Row> m_rows;
};

} // namespace sluice
