// SharedAdmission: the requests a replica restored from its store when it started again
// (SPEC: waiting tickets and leases survive a restart) are attached to Redis again once it
// answers. Redis knew them all along, but nothing here said which shared id each one is: a
// ticket would never hear its grant and wait out its timeout, and a lease released here
// would hold its slot in Redis until it idled out there. Each one's handle (SharedResume.cpp)
// names its shared id; an sl_claim only from this replica then says what became of it while
// the replica was away: still here (a ticket, or a lease, granted meanwhile or not), held by
// another replica its client resumed it on (MOVED), or over.

#include "engine/Engine.h"
#include "engine/EngineState.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

void SharedAdmission::takeRestored()
{
    const EngineState state = m_engine.exportState();
    for (const RequestRow &row : state.requests) {
        // A proxied call is never stored; a row from before version 3 has no secret, so no
        // handle names it.
        if (!row.transient && !RequestSecret::fromBytes(row.secret).isNull())
            m_restored.insert(row.id, Restored{row, std::nullopt});
    }
    m_restoredPending = !m_restored.isEmpty();
}

bool SharedAdmission::noteRestoredEnd(RequestId id, qint64 tokens, bool refund, qint64 costNanoUsd,
                                      bool overwrite)
{
    const auto found = m_restored.find(id);
    if (found == m_restored.end())
        return false;
    if (!found->end || overwrite) {
        End end;
        end.tokens = tokens;
        end.refund = refund || found->row.state == RequestRow::State::Waiting; // used nothing
        end.costNanoUsd = costNanoUsd;
        found->end = end;
    }
    return true;
}

void SharedAdmission::reattachRestored()
{
    if (!m_restoredPending || m_reattaching > 0 || !m_link.isReady())
        return;
    m_restoredPending = false;
    for (const Restored &restored : std::as_const(m_restored)) {
        const RequestRow &row = restored.row;
        ++m_reattaching;
        m_link.connection().command(
            {"GET", handleKey(formatRequestId(row.id, RequestSecret::fromBytes(row.secret)))},
            [this, self = QPointer<SharedAdmission>(this), id = row.id](const RedisReply &reply) {
                if (!self)
                    return;
                if (reply.failed()) {
                    --m_reattaching;
                    m_restoredPending = true; // the next upkeep tries again
                    return;
                }
                reattach(id, QJsonDocument::fromJson(reply.text).object());
            });
    }
}

void SharedAdmission::reattach(RequestId id, const QJsonObject &handle)
{
    const auto found = m_restored.constFind(id);
    if (found == m_restored.cend()) {
        --m_reattaching;
        return;
    }
    const QString pool = found->row.pool;
    const QString sharedId = handle.value("id"_L1).toString();
    RedisPool *redisPool = m_link.pool(pool);
    if (sharedId.isEmpty() || !redisPool || handle.value("p"_L1).toString() != pool) {
        // No handle: it expired, Redis lost its data, or the request came from another
        // replica before the restart (its handle is under its client's id). It stays as it
        // was: a ticket waits out its timeout, a lease runs uncounted.
        --m_reattaching;
        m_restored.remove(id);
        qCInfo(lcRedis).noquote() << "restored request" << formatRequestId(id)
                                  << "is not known in Redis; it stays local";
        return;
    }
    const QString me = m_link.options().replica;
    redisPool->claim(
        sharedId, me,
        [this, self = QPointer<SharedAdmission>(this), id, sharedId](const RedisAnswer &answer) {
            if (!self)
                return;
            --m_reattaching;
            noteCall(answer);
            if (!answer.ok() || answer.status() != u"ok"_s) {
                m_restoredPending = true;
                return;
            }
            reattached(id, sharedId, answer);
        },
        me);
}

void SharedAdmission::reattached(RequestId id, const QString &sharedId, const RedisAnswer &claim)
{
    const Restored restored = m_restored.take(id);
    const RequestRow &row = restored.row;
    const bool waiting = row.state == RequestRow::State::Waiting;
    if (!claim.json.value("claimed"_L1).toBool()) {
        const QString owner = claim.json.value("owner"_L1).toString();
        Reason reason = Reason::LeaseExpired;
        if (!owner.isEmpty())
            reason = Reason::Moved;
        else if (waiting)
            reason = m_engine.now() >= row.waitDeadline ? Reason::Timeout : Reason::Cancelled;
        qCInfo(lcRedis).noquote() << "restored request" << formatRequestId(id) << "of pool"
                                  << row.pool
                                  << (owner.isEmpty() ? u"ended while this replica was away"_s
                                                      : u"is held by replica "_s + owner);
        m_engine.endShared(id, reason);
        return;
    }
    const bool granted =
        claim.json.value("granted"_L1).toBool() || m_requests.takeEarlyGrant(row.pool, sharedId);
    AcquireRequest request;
    request.pool = row.pool;
    request.user = row.user;
    request.contextId = row.contextId;
    request.tokens = row.tokens;
    SharedRequest shared = SharedRequest::of(request, sharedId, granted);
    shared.handleRenewAt = m_engine.now(); // its lifetime left is unknown here
    ++m_reattached;
    if (restored.end) { // it ended here meanwhile: now Redis hears it too
        End end = endOf(shared, restored.end->tokens, restored.end->refund);
        end.costNanoUsd = restored.end->costNanoUsd;
        return sendEnd(end);
    }
    if (!m_engine.request(id))
        return; // gone without an end to tell (cannot happen: every end is noted)
    m_requests.add(id, shared);
    if (granted && waiting) // granted while this replica was away: its event was missed
        m_engine.grantHeld(id);
}

} // namespace sluice
