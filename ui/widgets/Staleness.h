#pragma once

#include "protocol/ApiTypes.h"

#include <QString>

namespace sluice {

/// Whether the numbers a gateway's pages show may be read as live, and what the stale strip
/// says about it. A value computed from the backend's readings (Backend::lastUpdate(),
/// nextRetryAt(), connectionState()) and the time now on Backend::clock(); pure, any thread.
///
/// The rule: the data are stale once the backend has not known them current for
/// kStaleAfterMs. A backend whose stream is connected and in sequence reports now as its
/// last update (a quiet stream means nothing changed; the remote transport's heartbeat drops
/// a stream that went silent), so the age counts from the moment the connection was lost, or
/// from the last message if that came later, and keeps counting after a reconnection until a
/// fresh snapshot arrives. 5 s is longer than a quick reconnection (the first retry comes
/// after 0.5 s), so a blip does not flash the pages grey, and short enough that a dead
/// gateway's numbers are not read as live for long. Before the first snapshot (lastUpdate 0)
/// the pages are empty: stale once the first attempt failed, not while it is under way.
struct Staleness
{
    static constexpr qint64 kStaleAfterMs = 5'000;

    bool stale = false;
    ConnectionState state = ConnectionState::Connected;
    qint64 ageMs = -1;     ///< how old the shown data are; -1 when there are none
    qint64 retryInMs = -1; ///< until the next attempt; -1 when none is scheduled

    static Staleness assess(ConnectionState state, TimeMs lastUpdate, TimeMs nextRetryAt,
                            TimeMs now);

    /// "Gateway unreachable", "Reconnecting…", "Key rejected", ...
    QString headline() const;
    /// "Gateway unreachable · last update 14 s ago · retrying in 3 s"; empty when not stale.
    QString text() const;
    /// Whether "Retry now" would do something: a retry is scheduled, or the key was refused.
    bool canRetry() const;
};

} // namespace sluice
