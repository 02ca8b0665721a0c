#include "widgets/DisplayText.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace sluice::display {

using namespace Qt::StringLiterals;

namespace {
QString twoDigits(qint64 value)
{
    return QString::number(value).rightJustified(2, u'0');
}
} // namespace

QString duration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms, 0) / 1000;
    const qint64 minutes = seconds / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (days > 0)
        return QString::number(days) % u" d "_s % QString::number(hours % 24) % u" h"_s;
    if (hours > 0)
        return QString::number(hours) % u" h "_s % twoDigits(minutes % 60) % u" min"_s;
    if (minutes > 0)
        return QString::number(minutes) % u" min "_s % twoDigits(seconds % 60) % u" s"_s;
    return QString::number(seconds) % u" s"_s;
}

QString usd(qint64 nanoUsd)
{
    const double dollars = double(nanoUsd) / 1e9;
    const int decimals = std::abs(dollars) >= 1.0 || nanoUsd == 0 ? 2 : 4;
    return u'$' + QLocale::c().toString(dollars, 'f', decimals);
}

QString credits(qint64 value)
{
    return count(value) % (value == 1 ? u" credit"_s : u" credits"_s);
}

QString spend(qint64 nanoUsd, qint64 creditCount)
{
    return usd(nanoUsd) % u" · "_s % credits(creditCount);
}

QString dateTime(TimeMs at)
{
    if (at == 0)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(at).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString timeOfDay(TimeMs at)
{
    return QDateTime::fromMSecsSinceEpoch(at).toLocalTime().toString(u"HH:mm:ss"_s);
}

QString clockTime(TimeMs at)
{
    return QDateTime::fromMSecsSinceEpoch(at).toLocalTime().toString(u"HH:mm t"_s);
}

QString connectionState(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connecting:
        return u"connecting"_s;
    case ConnectionState::Connected:
        return u"connected"_s;
    case ConnectionState::Reconnecting:
        return u"reconnecting"_s;
    case ConnectionState::AuthFailed:
        return u"auth failed"_s;
    case ConnectionState::Unreachable:
        return u"unreachable"_s;
    }
    return u"unknown"_s;
}

QString poolMode(PoolMode mode)
{
    return poolModeName(mode);
}

QString count(qint64 value)
{
    QLocale locale = QLocale::c();
    locale.setNumberOptions({});
    return locale.toString(value);
}

QString limit(qint64 value)
{
    return value < 0 ? u"unlimited"_s : count(value);
}

QString percent(double fraction)
{
    return QString::number(qRound(fraction * 100.0)) % u'%';
}

QString counted(qint64 value, QStringView one, QStringView many)
{
    return count(value) % u' ' % (value == 1 ? one : many);
}

} // namespace sluice::display
