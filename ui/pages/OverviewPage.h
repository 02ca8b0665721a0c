#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QButtonGroup;
class QTimer;

namespace sluice {

class AlertLevelsSource;
class Backend;
class BarChartPanel;
class LiveChartPanel;
class PoolGauges;
class SpendHistoryPanel;

/// Overview: per pool its state and in use against limit (concurrency, RPM, TPM, queue) in the
/// alert rules' colours, the pool in most trouble first (PoolTrouble::worstFirst); live
/// charts over 5, 15 or 60 minutes sampled once a second; today's requests and cost per tier.
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kTickMs = 1000;

    explicit OverviewPage(Backend &backend, QWidget *parent = nullptr);

    /// 5, 15 or 60 minutes, for every live chart.
    void setRangeMinutes(int minutes);
    int rangeMinutes() const;
    /// One UI tick: samples the snapshot and redraws the live charts.
    void tick();

    PoolGauges *gauges() const { return m_gauges; }
    QList<LiveChartPanel *> liveCharts() const { return m_live; }
    BarChartPanel *tierRequestsChart() const { return m_tierRequests; }
    BarChartPanel *tierCostChart() const { return m_tierCost; }
    SpendHistoryPanel *spendHistory() const { return m_spendHistory; }

signals:
    void rangeChanged(int minutes);

private:
    void onSnapshot();

    Backend &m_backend;
    AlertLevelsSource *m_levels;
    PoolGauges *m_gauges;
    QList<LiveChartPanel *> m_live;
    BarChartPanel *m_tierRequests;
    BarChartPanel *m_tierCost;
    SpendHistoryPanel *m_spendHistory;
    QButtonGroup *m_range;
    QTimer *m_timer;
    TimeMs m_lastSample = 0;
};

} // namespace sluice
