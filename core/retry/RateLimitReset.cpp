#include "retry/RateLimitReset.h"

#include "retry/DecimalDelay.h"

#include <QDateTime>

#include <algorithm>
#include <array>

namespace sluice {

namespace {

struct DurationUnit
{
    QByteArrayView suffix;
    qint64 msNum;
    qint64 msDen;
};

// Longer suffixes first, so that "ms" is not read as "m" followed by garbage.
constexpr std::array kUnits{
    DurationUnit{"ms", 1, 1},           DurationUnit{"us", 1, 1000},
    DurationUnit{"\xc2\xb5s", 1, 1000}, // U+00B5 MICRO SIGN
    DurationUnit{"\xce\xbcs", 1, 1000}, // U+03BC GREEK SMALL LETTER MU
    DurationUnit{"ns", 1, 1'000'000},   DurationUnit{"h", 3'600'000, 1},
    DurationUnit{"m", 60'000, 1},       DurationUnit{"s", 1000, 1},
};

bool isNumberChar(char c)
{
    return (c >= '0' && c <= '9') || c == '.';
}

} // namespace

std::optional<qint64> parseResetTimestampMs(QByteArrayView header, TimeMs now)
{
    const QByteArrayView value = header.trimmed();
    if (value.size() < 20) // "YYYY-MM-DDTHH:MM:SSZ"
        return std::nullopt;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::ISODateWithMs);
    if (!at.isValid() || at.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return qBound(qint64(0), at.toMSecsSinceEpoch() - now, detail::kMaxParsedDelayMs);
}

std::optional<qint64> parseResetDurationMs(QByteArrayView header)
{
    QByteArrayView rest = header.trimmed();
    if (rest == "0")
        return 0;
    if (rest.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    while (!rest.isEmpty()) {
        qsizetype numberLength = 0;
        while (numberLength < rest.size() && isNumberChar(rest[numberLength]))
            ++numberLength;
        const QByteArrayView number = rest.first(numberLength);
        rest = rest.sliced(numberLength);
        const auto unit = std::find_if(kUnits.begin(), kUnits.end(), [&](const DurationUnit &u) {
            return rest.startsWith(u.suffix);
        });
        if (unit == kUnits.end())
            return std::nullopt;
        rest = rest.sliced(unit->suffix.size());
        const std::optional<qint64> part =
            detail::parseDecimalDelayMs(number, unit->msNum, unit->msDen);
        if (!part)
            return std::nullopt;
        total = qMin(total + *part, detail::kMaxParsedDelayMs);
    }
    return total;
}

} // namespace sluice
