// SharedAdmission: replaying this replica's usage of the day after Redis lost it (SCALEOUT.md:
// "on recovery, reassert leases, replay the journal"). Redis's quotas and spend carry an id
// (sl_tick's `usage_id`) that is made again when Redis loses its data. A replica keeps, in
// its store, the id its usage went into; when sl_tick shows another one, it counts again, in
// the new one, what ended here today (sl_replay). Leases it holds now are not in that: its
// heartbeat registers them again (sl_reassert), as registerAlone() does those granted alone.

#include "engine/Engine.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

namespace sluice {

using namespace Qt::StringLiterals;

void SharedAdmission::setUsageId(const QString &id, std::function<void(const QString &)> save)
{
    m_usageId = id;
    m_saveUsageId = std::move(save);
}

void SharedAdmission::keepUsageId(const QString &id)
{
    m_usageId = id;
    if (m_saveUsageId)
        m_saveUsageId(id);
}

void SharedAdmission::followUsage(const QString &pool, const QString &usageId)
{
    if (usageId.isEmpty() || usageId == m_usageId) {
        m_usageConfirmed = true; // nothing lost (or an older library): held tickets may go
        return;
    }
    if (m_usageId.isEmpty()) {
        m_usageConfirmed = true;
        return keepUsageId(usageId); // this replica's first: nothing of its usage was lost
    }
    if (m_replay && m_replay->usageId == usageId) {
        if (m_replay->inFlight == 0)
            sendReplay(); // the parts not counted yet, again
        return;
    }
    m_lossSeenAt = m_engine.now();
    const auto [day, usage] = finishedUsage(usageId);
    Replay replay{usageId, pool, day, {}, {}, 0};
    for (qsizetype at = 0; at < usage.size(); at += kReplayBatch)
        replay.parts.append(usage.mid(at, kReplayBatch));
    replay.done.fill(false, replay.parts.size());
    m_replay = std::move(replay);
    qCWarning(lcRedis).noquote() << "Redis lost the usage this replica counted today (its id was"
                                 << m_usageId << "and is" << usageId << "now); counting"
                                 << usage.size() << "users' usage again";
    sendReplay();
}

void SharedAdmission::countedAlone(const QString &usageId, const End &end)
{
    if (usageId != m_aloneCountedIn) {
        m_aloneCounted.clear(); // counted in a usage id Redis lost (or an older library)
        m_aloneCountedIn = usageId;
    }
    if (usageId.isEmpty() || end.refund)
        return;
    RedisUsage &usage = m_aloneCounted[end.alone->user];
    usage.requests += 1;
    usage.tokens += end.tokens >= 0 ? end.tokens : end.alone->tokens;
    usage.costNanoUsd += end.costNanoUsd;
}

std::pair<qint32, QList<RedisUsage>> SharedAdmission::finishedUsage(const QString &usageId) const
{
    const EngineState state = m_engine.exportState(); // rare: once per loss of Redis's data
    // What Redis counts in `usageId` already, or will by other ways than the replay.
    QHash<QString, RedisUsage> held =
        m_aloneCountedIn == usageId ? m_aloneCounted : QHash<QString, RedisUsage>();
    const auto hold = [&](const QString &user, qint64 tokens, qint64 cost) {
        RedisUsage &usage = held[user];
        usage.requests += 1;
        usage.tokens += tokens;
        usage.costNanoUsd += cost;
    };
    // The leases Redis hears of from this replica: reasserted by the heartbeat, or registered
    // alone. A restored lease not attached to Redis runs uncounted there: its usage is replayed.
    m_requests.forEach([&](RequestId, const SharedRequest &request) {
        if (request.lease)
            hold(request.user, request.tokens, 0);
    });
    for (const End &end : m_aloneEnds) { // registered, then released, by registerAlone()
        if (end.alone && !end.refund)
            hold(end.alone->user, end.tokens >= 0 ? end.tokens : end.alone->tokens,
                 end.costNanoUsd);
    }
    // In the order of their ids, so that a replay started again (the replica restarted before
    // it finished) makes the same parts, which sl_replay counts once each.
    QList<EngineState::User> users = state.users;
    std::sort(users.begin(), users.end(),
              [](const EngineState::User &a, const EngineState::User &b) { return a.id < b.id; });
    QList<RedisUsage> finished;
    for (const EngineState::User &user : std::as_const(users)) {
        const RedisUsage counted = held.value(user.id);
        RedisUsage usage{user.id, std::max<qint64>(0, user.requests - counted.requests),
                         std::max<qint64>(0, user.tokens - counted.tokens),
                         std::max<qint64>(0, user.costNanoUsd - counted.costNanoUsd)};
        if (usage.requests > 0 || usage.tokens > 0 || usage.costNanoUsd > 0)
            finished.append(usage);
    }
    return {state.day, finished};
}

void SharedAdmission::sendReplay()
{
    RedisPool *pool = m_link.pool(m_replay->pool);
    if (!pool) {
        m_replay.reset(); // the pool went; the next sl_tick of another starts again
        return;
    }
    if (m_replay->parts.isEmpty()) {
        keepUsageId(m_replay->usageId);
        m_replay.reset();
        return;
    }
    const QString usageId = m_replay->usageId;
    for (qsizetype part = 0; part < m_replay->parts.size(); ++part) {
        if (m_replay->done.at(part))
            continue;
        ++m_replay->inFlight;
        pool->replay(usageId, m_link.options().replica, int(part), m_replay->day,
                     shared::quotaDayOffsetMs(m_engine.config()), m_replay->parts.at(part),
                     [this, self = QPointer<SharedAdmission>(this), usageId,
                      part](const RedisAnswer &answer) {
                         if (!self || !m_replay || m_replay->usageId != usageId)
                             return;
                         --m_replay->inFlight;
                         if (answer.ok() && answer.status() == u"rejected"_s) {
                             m_replay.reset(); // lost again: the next sl_tick starts afresh
                             return;
                         }
                         if (!answer.ok() || answer.status() != u"ok"_s)
                             return; // the next sl_tick sends it again
                         m_replayedUsers += answer.json.value("replayed"_L1).toInteger();
                         m_replay->done[part] = true;
                         if (m_replay->done.contains(false))
                             return;
                         keepUsageId(usageId);
                         m_replay.reset();
                     });
    }
}

} // namespace sluice
