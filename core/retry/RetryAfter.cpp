#include "retry/RetryAfter.h"

#include "retry/DecimalDelay.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;

constexpr qint64 kMsPerDay = 86'400'000;

// Day names, month names and "GMT" are case-sensitive in RFC 9110; we accept any case.
QRegularExpression dateRegex(const QString &pattern)
{
    const QString months = u"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"_s;
    QString full = pattern;
    full.replace(u"MON"_s, months);
    full.replace(u"TIME"_s, u"(\\d{2}):(\\d{2}):(\\d{2})"_s);
    return QRegularExpression(full, QRegularExpression::CaseInsensitiveOption);
}

int monthNumber(QStringView name)
{
    static const QStringList kMonths{u"jan"_s, u"feb"_s, u"mar"_s, u"apr"_s, u"may"_s, u"jun"_s,
                                     u"jul"_s, u"aug"_s, u"sep"_s, u"oct"_s, u"nov"_s, u"dec"_s};
    return int(kMonths.indexOf(name.toString().toLower())) + 1;
}

int yearOf(TimeMs t)
{
    return QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc()).date().year();
}

// RFC 9110 5.6.7: a two-digit year that appears more than 50 years in the future is the
// most recent past year with the same last two digits.
int expandTwoDigitYear(int twoDigits, TimeMs now)
{
    const int nowYear = yearOf(now);
    int year = nowYear - nowYear % 100 + twoDigits;
    if (year > nowYear + 50)
        year -= 100;
    return year;
}

std::optional<TimeMs> toEpochMs(int year, int month, int day, int hour, int minute, int second)
{
    const QDate date(year, month, day);
    if (!date.isValid() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const qint64 days = date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
    return days * kMsPerDay + ((hour * 60 + minute) * 60 + second) * qint64(1000);
}

} // namespace

std::optional<TimeMs> parseHttpDate(QByteArrayView text, TimeMs now)
{
    static const QRegularExpression kImfFixdate =
        dateRegex(u"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) MON (\\d{4}) TIME GMT$"_s);
    static const QRegularExpression kRfc850 =
        dateRegex(u"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                  u"(\\d{2})-MON-(\\d{2}) TIME GMT$"_s);
    static const QRegularExpression kAsctime =
        dateRegex(u"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) MON ( \\d|\\d{2}) TIME (\\d{4})$"_s);

    const QString s = QString::fromLatin1(text.trimmed());
    const auto number = [](const QRegularExpressionMatch &m, int group) {
        return m.capturedView(group).trimmed().toInt();
    };
    if (const auto m = kImfFixdate.match(s); m.hasMatch()) {
        return toEpochMs(number(m, 3), monthNumber(m.capturedView(2)), number(m, 1), number(m, 4),
                         number(m, 5), number(m, 6));
    }
    if (const auto m = kRfc850.match(s); m.hasMatch()) {
        return toEpochMs(expandTwoDigitYear(number(m, 3), now), monthNumber(m.capturedView(2)),
                         number(m, 1), number(m, 4), number(m, 5), number(m, 6));
    }
    if (const auto m = kAsctime.match(s); m.hasMatch()) {
        return toEpochMs(number(m, 6), monthNumber(m.capturedView(1)), number(m, 2), number(m, 3),
                         number(m, 4), number(m, 5));
    }
    return std::nullopt;
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView header, TimeMs now)
{
    const QByteArrayView value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    if (value.front() >= '0' && value.front() <= '9')
        return detail::parseDecimalDelayMs(value, 1000);
    const std::optional<TimeMs> at = parseHttpDate(value, now);
    if (!at)
        return std::nullopt;
    return qBound(qint64(0), *at - now, detail::kMaxParsedDelayMs);
}

std::optional<qint64> parseRetryAfterMsHeader(QByteArrayView header)
{
    return detail::parseDecimalDelayMs(header.trimmed(), 1);
}

} // namespace sluice
