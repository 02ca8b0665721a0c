#pragma once

#include "backend/Backend.h"
#include "backend/DashboardFollower.h"

namespace sluice {

class ApiTransport;

/// The one Backend: it speaks the gateway's JSON API over an ApiTransport, the embedded
/// engine's (LocalTransport) or a remote gateway's (RemoteTransport). Each call is one API
/// request whose answer is decoded with the core/api wire codecs; error answers become
/// Errors with their code, message and field errors (a configuration's fields are
/// named as in EngineConfig, e.g. "pools.anthropic.max_concurrent"). The shown state follows
/// the dashboard stream: a snapshot, then deltas in sequence; on a gap or a malformed message
/// it asks for a snapshot again and keeps showing the last good state meanwhile.
///
/// lastUpdate() is stamped on `clock`, which must be the transport's (RemoteTransport's
/// scheduler's), as nextRetryAt() comes from the transport.
///
/// Threading: the transport's thread (the GUI thread). The transport and the clock must
/// outlive it.
class ApiBackend : public Backend
{
    Q_OBJECT

public:
    ApiBackend(ApiTransport &transport, QString displayName, const Clock &clock,
               QObject *parent = nullptr);
    ~ApiBackend() override;

    QString displayName() const override { return m_name; }
    ConnectionState connectionState() const override;
    Role role() const override;
    DashboardSnapshot snapshot() const override { return m_follower.snapshot(); }

    void queue(const QString &pool, qint64 offset, qint64 limit,
               Callback<QList<RequestInfo>> done) override;
    void poolAction(const QString &pool, PoolAction action, Callback<qint64> done) override;
    void cancelTicket(RequestId id, Callback<Done> done) override;
    void userList(const UserListQuery &query, Callback<UserList> done) override;
    void userDetails(const QString &user, Callback<UserDetails> done) override;
    void setUserTier(const QString &user, const QString &tier, Callback<Done> done) override;
    void config(Callback<VersionedConfig> done) override;
    void applyConfig(const EngineConfig &config, qint32 base, const QString &note,
                     Callback<ConfigApplied> done) override;
    void configHistory(Callback<QList<ConfigVersionRow>> done) override;
    void rollback(qint32 version, qint32 base, Callback<ConfigApplied> done) override;
    void alerts(Callback<AlertLists> done) override;
    void acknowledgeAlert(qint64 id, Callback<Done> done) override;
    void sendTestAlert(Callback<Done> done) override;
    void audit(const AuditQuery &query, Callback<QList<AuditEntry>> done) override;
    void spendHistory(int days, Callback<QList<SpendDay>> done) override;
    void replicas(Callback<ReplicaStatus> done) override;
    void samples(TimeMs since, Callback<SampleHistory> done) override;
    const Clock &clock() const override { return m_clock; }
    TimeMs lastUpdate() const override;
    TimeMs nextRetryAt() const override;
    void retryNow() override;

    ApiTransport &transport() const { return m_transport; }
    const DashboardFollower &follower() const { return m_follower; }

private:
    void onMessage(const QJsonObject &message);
    void onStateChanged(ConnectionState state);

    ApiTransport &m_transport;
    QString m_name;
    const Clock &m_clock;
    DashboardFollower m_follower;
    bool m_snapshotAsked = false;
    int m_droppedSinceAsked = 0;
    TimeMs m_currentAt = 0; ///< when the shown state was last known current (not live)
};

} // namespace sluice
