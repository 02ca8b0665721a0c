#include "backend/DashboardFollower.h"

#include "protocol/ApiProtocol.h"
#include "protocol/WireDashboard.h"
#include "util/Error.h"

namespace sluice {

using namespace Qt::StringLiterals;

DashboardFollower::Outcome DashboardFollower::apply(const QJsonObject &message, QString *problem)
{
    const QString type = message.value("type"_L1).toString();
    const qint64 protocol = message.value("protocol"_L1).toInteger(kProtocolVersion);
    if ((type == u"snapshot" || type == u"delta") && protocol != kProtocolVersion) {
        if (problem)
            *problem = u"the gateway speaks protocol %1, this dashboard %2"_s.arg(protocol).arg(
                kProtocolVersion);
        return Outcome::Ignored;
    }
    QList<FieldError> errors;
    if (type == u"snapshot") {
        DashboardSnapshot next = dashboardSnapshotFromJson(message, &errors);
        if (!errors.isEmpty()) {
            if (problem)
                *problem = u"malformed snapshot: "_s + describeErrors(errors);
            return Outcome::NeedSnapshot;
        }
        m_snapshot = std::move(next);
        m_synced = true;
        ++m_snapshots;
        noteAlerts();
        return Outcome::Changed;
    }
    if (type != u"delta")
        return Outcome::Ignored;
    if (!m_synced) {
        if (problem)
            *problem = u"a delta came before any snapshot"_s;
        return Outcome::NeedSnapshot;
    }
    switch (applyDashboardDelta(m_snapshot, message, &errors)) {
    case DeltaResult::Applied:
        ++m_deltas;
        noteAlerts();
        return Outcome::Changed;
    case DeltaResult::Gap:
        ++m_gaps;
        m_synced = false;
        if (problem)
            *problem = u"delta %1 does not follow %2"_s.arg(message.value("seq"_L1).toInteger())
                           .arg(m_snapshot.seq);
        return Outcome::NeedSnapshot;
    case DeltaResult::Invalid:
        break;
    }
    m_synced = false;
    if (problem)
        *problem = u"malformed delta: "_s + describeErrors(errors);
    return Outcome::NeedSnapshot;
}

QList<AlertRecord> DashboardFollower::takeNewAlerts()
{
    return std::exchange(m_newAlerts, {});
}

void DashboardFollower::noteAlerts()
{
    QSet<qint64> active;
    for (const AlertRecord &alert : std::as_const(m_snapshot.activeAlerts)) {
        active.insert(alert.id);
        if (m_alertsKnown && alert.clearedAt == 0 && !m_activeAlerts.contains(alert.id))
            m_newAlerts.append(alert);
    }
    m_activeAlerts = std::move(active);
    m_alertsKnown = true;
}

} // namespace sluice
