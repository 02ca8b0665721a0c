#pragma once

#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QByteArray>
#include <QString>

namespace sluice {

/// A waiting ticket or an active lease as a plain value, enough to restore it after a
/// restart: what the journal writes and Engine::importState() takes back (EngineState). The engine
/// owns this type and the store persists it (store/StoreRecords.h includes it), so the engine needs
/// no store header.
struct RequestRow
{
    enum class State : quint8
    {
        Waiting = 0,
        Active = 1
    };
    RequestId id = 0;
    State state = State::Waiting;
    QString pool;
    QString user;
    QString tier;
    QString contextId;
    qint64 tokens = 0;      ///< estimated tokens
    // A waiting ticket's; 0 for a lease.
    TimeMs enqueuedAt = 0;   ///< when it joined the queue
    TimeMs waitDeadline = 0; ///< when it times out
    quint64 arrival = 0;     ///< arrival order in its pool (ties between equal queue keys)
    qint32 priority = 0;     ///< the priority it was queued with
    // An active lease's; 0 for a ticket.
    TimeMs grantedAt = 0;     ///< when it was granted (entered the pool's window)
    TimeMs lastHeartbeat = 0; ///< its last heartbeat (the grant, before the first)
    QString owner = {};     ///< the API key id that made it; empty: in-process
    QByteArray secret = {}; ///< RequestSecret::toBytes(); empty: none (stored before version 3)
    bool transient = false; ///< never written to the store (see RequestSlot::kTransient)
    bool operator==(const RequestRow &) const = default;
};

} // namespace sluice
