#include "FakeBackend.h"

#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

namespace sluice::test {

using namespace Qt::StringLiterals;

FakeBackend::FakeBackend(Role role, QObject *parent)
    : Backend(parent)
    , keyRole(role)
{}

void FakeBackend::publish(const DashboardSnapshot &snapshot)
{
    current = snapshot;
    emit snapshotChanged();
}

void FakeBackend::setState(ConnectionState next)
{
    state = next;
    emit connectionStateChanged(next);
}

template<typename T> void FakeBackend::reply(const Callback<T> &done, const Result<T> &result)
{
    if (deferred)
        QTimer::singleShot(0, this, [done, result] { done(result); });
    else
        done(result);
}

template<typename T> bool FakeBackend::failed(const Callback<T> &done)
{
    if (!failNext)
        return false;
    const Error error = *failNext;
    failNext.reset();
    reply(done, Result<T>::failure(error));
    return true;
}

void FakeBackend::queue(const QString &pool, qint64 offset, qint64 limit,
                        Callback<QList<RequestInfo>> done)
{
    queueRequests << pool;
    if (failed(done))
        return;
    reply(done, Result<QList<RequestInfo>>::success(queues.value(pool).mid(offset, limit)));
}

void FakeBackend::poolAction(const QString &pool, PoolAction action, Callback<qint64> done)
{
    poolActions.append({pool, action});
    if (failed(done))
        return;
    const qint64 count = action == PoolAction::Purge ? queues.value(pool).size() : 0;
    if (action == PoolAction::Purge)
        queues.remove(pool);
    reply(done, Result<qint64>::success(count));
}

void FakeBackend::cancelTicket(RequestId id, Callback<Done> done)
{
    cancelled << id;
    if (!failed(done))
        reply(done, Result<Done>::success({}));
}

void FakeBackend::userList(const UserListQuery &query, Callback<UserList> done)
{
    if (failed(done))
        return;
    UserList list;
    for (const UserDetails &details : std::as_const(users)) {
        const UserQuota &q = details.quota;
        if (!q.user.startsWith(query.prefix, Qt::CaseInsensitive))
            continue;
        list.users.append({q.user, q.tier, q.tierPinned, q.requestsToday, q.requestLimit,
                           q.tokensToday, q.costNanoUsdToday, 0});
    }
    std::sort(list.users.begin(), list.users.end(), [&query](const auto &a, const auto &b) {
        if (query.order == UserOrder::Usage && a.requestsToday != b.requestsToday)
            return a.requestsToday > b.requestsToday;
        return a.user < b.user;
    });
    list.total = list.users.size();
    list.users = list.users.mid(query.offset, query.limit);
    reply(done, Result<UserList>::success(list));
}

void FakeBackend::userDetails(const QString &user, Callback<UserDetails> done)
{
    userRequests << user;
    if (failed(done))
        return;
    if (!users.contains(user)) {
        reply(done, Result<UserDetails>::failure(
                        {u"UNKNOWN_USER"_s, u"No user \""_s % user % u"\""_s, {}}));
        return;
    }
    reply(done, Result<UserDetails>::success(users.value(user)));
}

void FakeBackend::setUserTier(const QString &user, const QString &tier, Callback<Done> done)
{
    tierChanges.append({user, tier});
    if (failed(done))
        return;
    users[user].quota.tier = tier;
    users[user].quota.tierPinned = !tier.isEmpty();
    reply(done, Result<Done>::success({}));
}

void FakeBackend::config(Callback<VersionedConfig> done)
{
    if (!failed(done))
        reply(done, Result<VersionedConfig>::success(versioned));
}

ConfigApplied FakeBackend::commit(const EngineConfig &config, const QString &note)
{
    ConfigApplied applied{versioned.version + 1, diffConfigs(versioned.config, config)};
    versioned = {applied.version, config};
    history.prepend({applied.version, current.at, u"fake"_s, note,
                     QJsonDocument(configToJson(config)).toJson(QJsonDocument::Compact)});
    current.configVersion = applied.version;
    return applied;
}

bool FakeBackend::conflicts(qint32 base, const Callback<ConfigApplied> &done)
{
    appliedBases << base;
    if (base == 0 || base == versioned.version)
        return false;
    reply(done, Result<ConfigApplied>::failure(
                    {u"CONFIG_CONFLICT"_s,
                     u"The configuration is at version %1"_s.arg(versioned.version),
                     {}}));
    return true;
}

void FakeBackend::applyConfig(const EngineConfig &config, qint32 base, const QString &note,
                              Callback<ConfigApplied> done)
{
    appliedConfigs << config;
    applyNotes << note;
    if (failed(done) || conflicts(base, done))
        return;
    const QList<FieldError> errors = validateConfig(config);
    if (!errors.isEmpty()) {
        reply(done, Result<ConfigApplied>::failure(
                        {u"VALIDATION_FAILED"_s, describeErrors(errors), errors}));
        return;
    }
    reply(done, Result<ConfigApplied>::success(commit(config, note)));
}

void FakeBackend::configHistory(Callback<QList<ConfigVersionRow>> done)
{
    if (!failed(done))
        reply(done, Result<QList<ConfigVersionRow>>::success(history));
}

void FakeBackend::rollback(qint32 version, qint32 base, Callback<ConfigApplied> done)
{
    rollbacks << version;
    if (failed(done) || conflicts(base, done))
        return;
    for (const ConfigVersionRow &row : std::as_const(history)) {
        if (row.version == version) {
            const Result<EngineConfig> parsed =
                configFromJson(QJsonDocument::fromJson(row.json).object());
            reply(done, Result<ConfigApplied>::success(
                            commit(*parsed, u"rollback to "_s % QString::number(version))));
            return;
        }
    }
    reply(done, Result<ConfigApplied>::failure({u"UNKNOWN_VERSION"_s, u"No such version"_s, {}}));
}

void FakeBackend::alerts(Callback<AlertLists> done)
{
    if (!failed(done))
        reply(done, Result<AlertLists>::success(alertLists));
}

void FakeBackend::acknowledgeAlert(qint64 id, Callback<Done> done)
{
    acknowledged << id;
    if (failed(done))
        return;
    for (AlertRecord &alert : alertLists.active) {
        if (alert.id == id) {
            alert.ackedAt = current.at;
            alert.ackedBy = u"fake"_s;
        }
    }
    reply(done, Result<Done>::success({}));
}

void FakeBackend::sendTestAlert(Callback<Done> done)
{
    ++testAlerts;
    if (!failed(done))
        reply(done, Result<Done>::success({}));
}

void FakeBackend::spendHistory(int, Callback<QList<SpendDay>> done)
{
    if (failed(done))
        return;
    reply(done, Result<QList<SpendDay>>::success(spendDays));
}

void FakeBackend::replicas(Callback<ReplicaStatus> done)
{
    ++replicaCalls;
    if (failed(done))
        return;
    reply(done, Result<ReplicaStatus>::success(replicaStatus));
}

void FakeBackend::audit(const AuditQuery &query, Callback<QList<AuditEntry>> done)
{
    auditQueries << query;
    if (failed(done))
        return;
    QList<AuditEntry> matching;
    for (const AuditEntry &entry : std::as_const(auditEntries)) {
        if (entry.actor.contains(query.actor, Qt::CaseInsensitive) &&
            entry.action.contains(query.action, Qt::CaseInsensitive) &&
            entry.target.contains(query.target, Qt::CaseInsensitive))
            matching << entry;
    }
    reply(done, Result<QList<AuditEntry>>::success(matching));
}

void FakeBackend::samples(TimeMs since, Callback<SampleHistory> done)
{
    samplesAsked << since;
    if (!samplesHistory) {
        reply(done, Result<SampleHistory>::failure(
                        {QStringLiteral("NOT_FOUND"), QStringLiteral("no such route"), {}}));
        return;
    }
    SampleHistory after = *samplesHistory;
    const qsizetype first = std::upper_bound(after.at.cbegin(), after.at.cend(), since)
                            - after.at.cbegin();
    after.at.remove(0, first);
    for (PoolSeries &series : after.pools) {
        for (QList<qint64> *values :
             {&series.inUse, &series.requests, &series.tokens, &series.waiting})
            values->remove(0, std::min(first, values->size()));
    }
    reply(done, Result<SampleHistory>::success(after));
}

} // namespace sluice::test
