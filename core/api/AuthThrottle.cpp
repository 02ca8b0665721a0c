#include "api/AuthThrottle.h"

#include <QHostAddress>

namespace sluice {

using namespace Qt::StringLiterals;

AuthThrottle::AuthThrottle(const Clock &clock, Settings settings)
    : m_clock(clock)
    , m_settings(settings)
{}

QString AuthThrottle::bucketOf(const QString &address)
{
    QHostAddress host(address);
    if (host.isNull())
        return address;
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (host.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    Q_IPV6ADDR bytes = host.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_s;
}

qint64 AuthThrottle::failed(const QString &address)
{
    const TimeMs now = m_clock.now();
    const QString bucket = bucketOf(address);
    auto it = m_entries.find(bucket);
    if (it != m_entries.end() && now - it->last >= m_settings.forgetAfterMs)
        it->failures = 0;
    if (it == m_entries.end()) {
        makeRoom(now);
        it = m_entries.insert(bucket, Entry{});
    }
    it->failures = std::min(it->failures + 1, 62);
    it->last = now;
    const int doublings = std::min(it->failures - 1, 40);
    const qint64 delay = std::min(m_settings.maxDelayMs, m_settings.baseDelayMs << doublings);
    it->lockedUntil = now + delay;
    return delay;
}

qint64 AuthThrottle::lockedFor(const QString &address) const
{
    if (m_entries.isEmpty())
        return 0;
    const auto it = m_entries.constFind(bucketOf(address));
    if (it == m_entries.constEnd())
        return 0;
    return std::max<qint64>(0, it->lockedUntil - m_clock.now());
}

int AuthThrottle::failures(const QString &address) const
{
    const auto it = m_entries.constFind(bucketOf(address));
    if (it == m_entries.constEnd() || m_clock.now() - it->last >= m_settings.forgetAfterMs)
        return 0;
    return it->failures;
}

void AuthThrottle::makeRoom(TimeMs now)
{
    if (m_entries.size() < m_settings.capacity)
        return;
    m_entries.removeIf(
        [&](const auto &entry) { return now - entry.value().last >= m_settings.forgetAfterMs; });
    while (m_entries.size() >= m_settings.capacity) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->last < oldest->last)
                oldest = it;
        }
        m_entries.erase(oldest);
    }
}

} // namespace sluice
