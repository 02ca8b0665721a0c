#include "widgets/Staleness.h"

#include "widgets/DisplayText.h"

#include <QStringBuilder>

namespace sluice {

using namespace Qt::StringLiterals;

Staleness Staleness::assess(ConnectionState state, TimeMs lastUpdate, TimeMs nextRetryAt,
                            TimeMs now)
{
    Staleness s;
    s.state = state;
    if (lastUpdate > 0) {
        s.ageMs = std::max<qint64>(0, now - lastUpdate);
        s.stale = s.ageMs >= kStaleAfterMs;
    } else {
        s.stale = state != ConnectionState::Connected && state != ConnectionState::Connecting;
    }
    if (nextRetryAt > 0)
        s.retryInMs = std::max<qint64>(0, nextRetryAt - now);
    return s;
}

QString Staleness::headline() const
{
    switch (state) {
    case ConnectionState::Connecting:
        return u"Connecting…"_s;
    case ConnectionState::Connected:
        return u"Waiting for the gateway's data"_s;
    case ConnectionState::Reconnecting:
        return u"Reconnecting…"_s;
    case ConnectionState::AuthFailed:
        return u"Key rejected"_s;
    case ConnectionState::Unreachable:
        break;
    }
    return u"Gateway unreachable"_s;
}

QString Staleness::text() const
{
    if (!stale)
        return {};
    QString text =
        headline() % u" · "_s %
        (ageMs < 0 ? u"no data yet"_s : u"last update "_s % display::duration(ageMs) % u" ago"_s);
    if (retryInMs > 0) {
        const qint64 wholeSeconds = (retryInMs + 999) / 1000 * 1000; // 0.2 s left: "1 s"
        text += u" · retrying in "_s % display::duration(wholeSeconds);
    } else if (retryInMs == 0) {
        text += u" · retrying now"_s;
    }
    return text;
}

bool Staleness::canRetry() const
{
    return retryInMs >= 0 || state == ConnectionState::AuthFailed;
}

} // namespace sluice
