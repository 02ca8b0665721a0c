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
    TimeMs since = 0;       ///< Waiting: enqueued at; Active: last heartbeat
    TimeMs deadline = 0;    ///< Waiting: ticket deadline; Active: granted at
    quint64 seq = 0;        ///< queue order among equal keys (Waiting)
    qint32 priority = 0;    ///< priority the ticket was queued with (Waiting)
    QString owner = {};     ///< the API key id that made it; empty: in-process
    QByteArray secret = {}; ///< RequestSecret::toBytes(); empty: none (stored before version 3)
    bool transient = false; ///< never written to the store (see RequestSlot::kTransient)
    bool operator==(const RequestRow &) const = default;
};

} // namespace sluice
