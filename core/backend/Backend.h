#pragma once

#include "engine/SampleHistory.h"
#include "protocol/ApiTypes.h"
#include "protocol/WireReplicas.h"
#include "util/Clock.h"

#include <QObject>

namespace sluice {

/// One engine as the dashboard sees it: the embedded one or a remote gateway. Every page of
/// the dashboard is written once against this interface.
///
/// The continuously shown state comes as a DashboardSnapshot (snapshotChanged, at most 10 per
/// second); everything else is asked for and answered through a callback, exactly once, on
/// the thread the backend lives on (the GUI thread). Implementations go through the same
/// request/response types and JSON as the gateway's API, so a local run exercises the wire
/// protocol too.
class Backend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QString displayName() const = 0;
    virtual ConnectionState connectionState() const = 0;
    /// What the key in use may do; the embedded engine is Admin.
    virtual Role role() const = 0;
    virtual DashboardSnapshot snapshot() const = 0;

    virtual void queue(const QString &pool, qint64 offset, qint64 limit,
                       Callback<QList<RequestInfo>> done) = 0;
    /// Purge answers with the number of tickets failed in `Result::value`; others with 0.
    virtual void poolAction(const QString &pool, PoolAction action, Callback<qint64> done) = 0;
    virtual void cancelTicket(RequestId id, Callback<Done> done) = 0;

    /// The users the engine knows now, by id prefix, most recent or most used today first.
    virtual void userList(const UserListQuery &query, Callback<UserList> done) = 0;
    virtual void userDetails(const QString &user, Callback<UserDetails> done) = 0;
    /// Pins the user's tier; an empty tier unpins.
    virtual void setUserTier(const QString &user, const QString &tier, Callback<Done> done) = 0;

    virtual void config(Callback<VersionedConfig> done) = 0;
    /// Applies `config` as a new version. `base` is the version the edit was made from: when
    /// another version has been applied since, nothing changes and the answer is the error
    /// CONFIG_CONFLICT (HTTP 412). 0 applies over whatever version is in force.
    virtual void applyConfig(const EngineConfig &config, qint32 base, const QString &note,
                             Callback<ConfigApplied> done) = 0;
    virtual void configHistory(Callback<QList<ConfigVersionRow>> done) = 0;
    /// Applies `version` again as a new version; `base` as for applyConfig.
    virtual void rollback(qint32 version, qint32 base, Callback<ConfigApplied> done) = 0;

    virtual void alerts(Callback<AlertLists> done) = 0;
    virtual void acknowledgeAlert(qint64 id, Callback<Done> done) = 0;
    virtual void sendTestAlert(Callback<Done> done) = 0;
    /// The alert webhook URL is part of the configuration (EngineConfig::alertWebhookUrl).

    virtual void audit(const AuditQuery &query, Callback<QList<AuditEntry>> done) = 0;
    /// Spend per quota day, pool and tier for the last `days` days (today included), oldest
    /// first.
    virtual void spendHistory(int days, Callback<QList<SpendDay>> done) = 0;
    /// Whether the gateway shares its limits with other replicas, and their heartbeats.
    virtual void replicas(Callback<ReplicaStatus> done) = 0;

    /// The gateway's samples of every pool taken after `since` (ms on the gateway's clock; 0:
    /// the whole hour it keeps), for the live charts to start from (GET /v1/samples).
    virtual void samples(TimeMs since, Callback<SampleHistory> done) = 0;

    /// The clock lastUpdate() and nextRetryAt() are read on.
    virtual const Clock &clock() const = 0;
    /// Until when the shown snapshot is known to be current, in ms on clock(): now while the
    /// stream is connected and in sequence (a quiet stream means nothing changed); else the
    /// later of the last message and the moment the connection was lost. 0 before the first
    /// snapshot. The embedded engine's is now from its first snapshot on: it is never stale.
    virtual TimeMs lastUpdate() const = 0;
    /// When the next connection attempt is due, on clock(); 0 when none is scheduled.
    virtual TimeMs nextRetryAt() const = 0;
    /// Attempts to connect at once instead of at nextRetryAt() (ApiTransport::retryNow()).
    virtual void retryNow() = 0;

signals:
    void snapshotChanged();
    void connectionStateChanged(sluice::ConnectionState state);
    /// An alert fired (also part of the next snapshot): for banners and tray notifications.
    void alertFired(const sluice::AlertRecord &alert);
};

} // namespace sluice
