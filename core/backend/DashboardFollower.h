#pragma once

#include "protocol/ApiTypes.h"

#include <QJsonObject>
#include <QSet>

namespace sluice {

/// Follows the dashboard stream (WireDashboard.h) for a reader: holds the state as of the last
/// message applied, applies a delta only when it follows that state's sequence number, and
/// says when a whole snapshot must be asked for again (a gap, a malformed message, or a
/// delta before any snapshot). It also notices alerts that start firing, for banners and
/// tray notifications: those in a later message that were not active before (the alerts
/// already firing in the first snapshot are not news).
/// A value type; not thread-safe.
class DashboardFollower
{
public:
    enum class Outcome : quint8
    {
        Changed,      ///< the state changed
        Ignored,      ///< nothing to do (not a dashboard message, e.g. pong)
        NeedSnapshot, ///< the state is behind: ask for a snapshot
    };

    /// Applies one message of the stream; `problem` says what was wrong for NeedSnapshot.
    Outcome apply(const QJsonObject &message, QString *problem = nullptr);
    /// Forgets the stream position (the connection was lost); the state stays shown until the
    /// next snapshot replaces it.
    void reset() { m_synced = false; }

    const DashboardSnapshot &snapshot() const { return m_snapshot; }
    bool isSynced() const { return m_synced; }
    /// Alerts that started firing since the last call.
    QList<AlertRecord> takeNewAlerts();
    /// Snapshots and deltas applied so far, and gaps seen.
    quint64 snapshotsApplied() const { return m_snapshots; }
    quint64 deltasApplied() const { return m_deltas; }
    quint64 gaps() const { return m_gaps; }

private:
    void noteAlerts();

    DashboardSnapshot m_snapshot;
    bool m_synced = false;
    bool m_alertsKnown = false;
    QSet<qint64> m_activeAlerts;
    QList<AlertRecord> m_newAlerts;
    quint64 m_snapshots = 0;
    quint64 m_deltas = 0;
    quint64 m_gaps = 0;
};

} // namespace sluice
