#pragma once

#include "engine/SampleHistory.h"
#include "models/AlertLevels.h"
#include "protocol/ApiTypes.h"

#include <QWidget>

#include <optional>

class QButtonGroup;
class QTimer;

namespace sluice {

class AlertLevelsSource;
class Backend;
class BarChartPanel;
class LiveChartPanel;
class PoolGauges;
class ReplicasPanel;
class SpendHistoryPanel;

/// Overview: per pool its state and in use against limit (concurrency, RPM, TPM, queue) in the
/// alert rules' colours, the pool in most trouble first (PoolTrouble::worstFirst); live
/// charts of the four measures (PoolMeasure) over 5, 15 or 60 minutes sampled once a second,
/// with each pool's limit and warning level; today's requests and cost per tier.
///
/// The charts start from the gateway's last hour (Backend::samples), asked for when the page
/// opens on a connected backend and again on every reconnection, so a dashboard that
/// (re)connects to a remote gateway, or restarts, shows what happened meanwhile.
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
    /// Asks the backend for the samples the charts lack (all it keeps at first; after a lost
    /// connection, those after the newest sample shown before it) and merges them in.
    void backfill();
    /// Backfills answered so far (for tests).
    int backfillsMerged() const { return m_backfills; }

    PoolGauges *gauges() const { return m_gauges; }
    /// Slots, requests, tokens, waiting: in PoolMeasure::Kind order.
    QList<LiveChartPanel *> liveCharts() const { return m_live; }
    BarChartPanel *tierRequestsChart() const { return m_tierRequests; }
    BarChartPanel *tierCostChart() const { return m_tierCost; }
    SpendHistoryPanel *spendHistory() const { return m_spendHistory; }
    ReplicasPanel *replicas() const { return m_replicas; }

signals:
    void rangeChanged(int minutes);

private:
    void onSnapshot();
    void onConnectionState(ConnectionState state);
    /// Names the series after the snapshot's pools and sets their reference lines (each tick,
    /// and when the alert rules change; not on every stream message).
    void follow(const DashboardSnapshot &snapshot);
    void merge(const SampleHistory &history);

    Backend &m_backend;
    AlertLevelsSource *m_levels;
    PoolGauges *m_gauges;
    QList<LiveChartPanel *> m_live;
    BarChartPanel *m_tierRequests;
    BarChartPanel *m_tierCost;
    SpendHistoryPanel *m_spendHistory;
    ReplicasPanel *m_replicas;
    QButtonGroup *m_range;
    QTimer *m_timer;
    TimeMs m_lastSample = 0;
    TimeMs m_backfillSince = 0; ///< the newest sample shown when the connection was lost
    std::optional<SampleHistory> m_pending; ///< came before the pools were known
    struct Followed
    {
        QStringList names;
        QList<qint64> limits; ///< PoolMeasure::kCount per pool
        AlertLevels levels;
    } m_followed; ///< what the series and reference lines were last set from
    int m_backfills = 0;
};

} // namespace sluice
