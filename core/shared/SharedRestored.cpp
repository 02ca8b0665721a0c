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
#include "shared/SharedDecisions.h"
#include "shared/SharedLink.h"

#include <QJsonDocument>

namespace sluice {

using namespace Qt::StringLiterals;

void SharedAdmission::reattachRestored()
{
    if (!m_restoredPending || m_reattaching > 0 || !m_link.isReady())
        return;
    m_restoredPending = false;
    const EngineState state = m_engine.exportState();
    for (const RequestRow &row : state.requests) {
        const RequestSecret secret = RequestSecret::fromBytes(row.secret);
        if (row.transient || secret.isNull() || m_requests.find(row.id))
            continue; // a proxied call (never stored), or admitted since the start
        ++m_reattaching;
        m_link.connection().command(
            {"GET", handleKey(formatRequestId(row.id, secret))},
            [this, self = QPointer<SharedAdmission>(this), row](const RedisReply &reply) {
                if (!self)
                    return;
                if (reply.failed()) {
                    --m_reattaching;
                    m_restoredPending = true; // the next upkeep tries again
                    return;
                }
                reattach(row, QJsonDocument::fromJson(reply.text).object());
            });
    }
}

void SharedAdmission::reattach(const RequestRow &row, const QJsonObject &handle)
{
    const QString sharedId = handle.value("id"_L1).toString();
    RedisPool *pool = m_link.pool(row.pool);
    if (sharedId.isEmpty() || !pool || handle.value("p"_L1).toString() != row.pool) {
        // No handle: it expired, Redis lost its data, or the request came from another
        // replica before the restart (its handle is under its client's id). It stays as it
        // was: a ticket waits out its timeout, a lease runs uncounted.
        --m_reattaching;
        qCInfo(lcRedis).noquote() << "restored request" << formatRequestId(row.id)
                                  << "is not known in Redis; it stays local";
        return;
    }
    const QString me = m_link.options().replica;
    pool->claim(
        sharedId, me,
        [this, self = QPointer<SharedAdmission>(this), row, sharedId](const RedisAnswer &answer) {
            if (!self)
                return;
            --m_reattaching;
            noteCall(answer);
            if (!answer.ok() || answer.status() != u"ok"_s) {
                m_restoredPending = true;
                return;
            }
            reattached(row, sharedId, answer);
        },
        me);
}

void SharedAdmission::reattached(const RequestRow &row, const QString &sharedId,
                                 const RedisAnswer &claim)
{
    if (m_requests.find(row.id) || !m_engine.request(row.id))
        return; // attached by an earlier attempt, or ended meanwhile
    const bool waiting = row.state == RequestRow::State::Waiting;
    if (!claim.json.value("claimed"_L1).toBool()) {
        const QString owner = claim.json.value("owner"_L1).toString();
        const Reason reason = !owner.isEmpty() ? Reason::Moved
                              : waiting        ? Reason::Timeout
                                               : Reason::LeaseExpired;
        qCInfo(lcRedis).noquote() << "restored request" << sharedId << "of pool" << row.pool
                                  << (owner.isEmpty() ? u"ended while this replica was away"_s
                                                      : u"is held by replica "_s + owner);
        m_engine.endShared(row.id, reason);
        return;
    }
    const bool granted = claim.json.value("granted"_L1).toBool();
    AcquireRequest request;
    request.pool = row.pool;
    request.user = row.user;
    request.contextId = row.contextId;
    m_requests.add(row.id, {row.pool, sharedId, granted, row.user, shared::contextKey(request),
                            row.tokens, false});
    ++m_reattached;
    if (granted && waiting) // granted while this replica was away: its event was missed
        m_engine.grantHeld(row.id);
}

} // namespace sluice
