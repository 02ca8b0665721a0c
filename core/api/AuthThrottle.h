#pragma once

#include "util/Clock.h"

#include <QHash>
#include <QString>

namespace sluice {

/// Slows down guessing of API keys (SPEC section 4): every failed attempt from an address
/// doubles the delay before that attempt is answered, from baseDelayMs up to maxDelayMs. An
/// address is forgotten forgetAfterMs after its last failure, or at once when it presents a
/// valid key. IPv6 addresses count per /64 (what one host usually holds); IPv4-mapped IPv6
/// addresses count as IPv4.
///
/// Memory is bounded: at most `capacity` addresses; when full, expired ones go first, then
/// the one whose last failure is oldest.
/// Not thread-safe. Times from the injected Clock.
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

    /// Records a failed attempt; returns how long to hold its answer (ms).
    qint64 failed(const QString &address);
    void succeeded(const QString &address);
    /// Failures counted for the address now (0 when forgotten).
    int failures(const QString &address) const;
    qsizetype size() const { return m_entries.size(); }

    /// The key an address counts under: IPv4 as is, IPv6 as its /64 prefix.
    static QString bucketOf(const QString &address);

private:
    struct Entry
    {
        int failures = 0;
        TimeMs last = 0;
    };

    void makeRoom(TimeMs now);

    const Clock &m_clock;
    Settings m_settings;
    QHash<QString, Entry> m_entries;
};

} // namespace sluice
