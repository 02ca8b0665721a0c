#pragma once

#include "util/Clock.h"

#include <QHash>
#include <QString>

namespace sluice {

/// Slows down guessing of API keys (SPEC section 4), per address however the guesses arrive.
/// Every failed attempt from an address doubles the delay before that attempt is answered,
/// from baseDelayMs up to maxDelayMs, and locks the address for as long: while it is locked,
/// keys it presents are not even checked (the caller refuses them at once with 429), so
/// parallel guesses gain nothing. A valid key does not reset the count; an address is
/// forgotten forgetAfterMs after its last failure. So one address gets at most one key
/// checked per current delay: after the delay reached maxDelayMs, one guess per maxDelayMs.
/// IPv6 addresses count per /64 (what one host usually holds); IPv4-mapped IPv6 addresses
/// count as IPv4.
///
/// Memory is bounded: at most `capacity` addresses; when full, expired ones go first, then
/// the one whose last failure is oldest.
/// Not thread-safe. Times from the injected Clock, in milliseconds.
class AuthThrottle
{
public:
    struct Settings
    {
        qint64 baseDelayMs = 100;
        qint64 maxDelayMs = 10'000;
        qint64 forgetAfterMs = 600'000;
        qsizetype capacity = 10'000;
    };

    explicit AuthThrottle(const Clock &clock)
        : AuthThrottle(clock, Settings())
    {}
    AuthThrottle(const Clock &clock, Settings settings);

    /// Records a failed attempt; returns how long to hold its answer (ms), which is also how
    /// long the address stays locked.
    qint64 failed(const QString &address);
    /// How long the address stays locked (ms); 0 when it may present a key now.
    qint64 lockedFor(const QString &address) const;
    /// Failures counted for the address now (0 when forgotten).
    int failures(const QString &address) const;
    qsizetype size() const { return m_entries.size(); }
    const Settings &settings() const { return m_settings; }

    /// The key an address counts under: IPv4 as is, IPv6 as its /64 prefix.
    static QString bucketOf(const QString &address);

private:
    struct Entry
    {
        int failures = 0;
        TimeMs last = 0;
        TimeMs lockedUntil = 0;
    };

    void makeRoom(TimeMs now);

    const Clock &m_clock;
    Settings m_settings;
    QHash<QString, Entry> m_entries;
};

} // namespace sluice
