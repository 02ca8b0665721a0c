#pragma once

#include "protocol/WireReplicas.h"

#include <QGroupBox>

class QLabel;
class QTableWidget;
class QTimer;

namespace sluice {

class Backend;

/// The replicas sharing the gateway's limits through Redis (Backend::replicas): one line on
/// the answering replica's link (ready, or why not and what that means: acquires refused),
/// then every replica with its last heartbeat and whether it is alive. Hidden for a gateway
/// that decides alone. Read when shown and every kRefreshMs while visible.
class ReplicasPanel : public QGroupBox
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 2000;
    /// A replica heartbeats every second: silent this long, it is probably gone.
    static constexpr qint64 kSilentMs = 3000;
    static constexpr int kShownRows = 5;

    explicit ReplicasPanel(Backend &backend, QWidget *parent = nullptr);

    void refresh();
    QLabel *summary() const { return m_summary; }
    QTableWidget *table() const { return m_table; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void show(const ReplicaStatus &status);
    /// The sentence above the table: the link to Redis and, when local_share pools decide
    /// alone, for how long and how many they admitted.
    static QString summary(const ReplicaStatus &status);

    Backend &m_backend;
    QLabel *m_summary;
    QTableWidget *m_table;
    QTimer *m_timer;
    bool m_shared = false;
};

} // namespace sluice
