#pragma once

#include "backend/Backend.h"
#include "util/ManualClock.h"

#include <QHash>
#include <QPair>

#include <optional>

namespace sluice::test {

/// A test double of sluice::Backend: answers from the values set on it (at once, or from
/// the event loop when `deferred`) and records every call. applyConfig validates like the
/// gateway (validateConfig) and answers VALIDATION_FAILED with the field errors, or a new
/// version with its changes.
class FakeBackend : public Backend
{
    Q_OBJECT

public:
    explicit FakeBackend(Role role = Role::Admin, QObject *parent = nullptr);

    // Values it answers from.
    QString name = QStringLiteral("Fake");
    Role keyRole;
    ConnectionState state = ConnectionState::Connected;
    DashboardSnapshot current;
    QHash<QString, QList<RequestInfo>> queues;
    QHash<QString, UserDetails> users;
    VersionedConfig versioned;
    QList<ConfigVersionRow> history;
    AlertLists alertLists;
    QList<AuditEntry> auditEntries;
    QList<SpendDay> spendDays;
    ReplicaStatus replicaStatus; ///< what replicas() answers (default: a local gateway)
    int replicaCalls = 0;
    /// What samples() answers; unset: NOT_FOUND, as a gateway without GET /v1/samples.
    /// (failNext does not apply: every page that opens asks for samples.)
    std::optional<SampleHistory> samplesHistory;
    /// When set, the next call of any kind fails with this error (then it is cleared).
    std::optional<Error> failNext;
    /// Answer later, from the event loop, as a remote backend does.
    bool deferred = false;
    /// clock(), and what lastUpdate() and nextRetryAt() answer on it (-1: always current).
    ManualClock time;
    TimeMs updatedAt = -1;
    TimeMs retryAt = 0;

    // What it was asked.
    QList<QPair<QString, PoolAction>> poolActions;
    QList<RequestId> cancelled;
    QList<QPair<QString, QString>> tierChanges;
    QList<EngineConfig> appliedConfigs;
    QList<qint32> appliedBases; ///< the base version of every applyConfig and rollback
    QStringList applyNotes;
    QList<qint32> rollbacks;
    QList<qint64> acknowledged;
    int testAlerts = 0;
    int retriesNow = 0;
    QList<AuditQuery> auditQueries;
    QStringList queueRequests;
    QStringList userRequests;
    QList<TimeMs> samplesAsked; ///< the `since` of each samples() call

    /// Replaces the snapshot and emits snapshotChanged.
    void publish(const DashboardSnapshot &snapshot);
    /// Makes `config` the next version, as another admin's change would (publish() tells).
    ConfigApplied commit(const EngineConfig &config, const QString &note);
    void setState(ConnectionState next);

    QString displayName() const override { return name; }
    ConnectionState connectionState() const override { return state; }
    Role role() const override { return keyRole; }
    DashboardSnapshot snapshot() const override { return current; }
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
    const Clock &clock() const override { return time; }
    TimeMs lastUpdate() const override { return updatedAt < 0 ? time.now() : updatedAt; }
    TimeMs nextRetryAt() const override { return retryAt; }
    void retryNow() override { ++retriesNow; }

private:
    template<typename T> void reply(const Callback<T> &done, const Result<T> &result);
    template<typename T> bool failed(const Callback<T> &done);
    /// Answers CONFIG_CONFLICT, as the gateway does, when `base` names an older version.
    bool conflicts(qint32 base, const Callback<ConfigApplied> &done);
};

} // namespace sluice::test
