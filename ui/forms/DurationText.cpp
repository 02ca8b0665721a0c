#include "forms/DurationText.h"

#include <QLocale>
#include <QStringList>

#include <array>
#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
struct Unit
{
    QStringView name;
    qint64 ms;
};

constexpr std::array kUnits{Unit{u"d", 86'400'000}, Unit{u"h", 3'600'000}, Unit{u"min", 60'000},
                            Unit{u"s", 1000}, Unit{u"ms", 1}};

std::optional<qint64> unitMs(QStringView name)
{
    if (name == u"m")
        return 60'000;
    if (name == u"sec")
        return 1000;
    for (const Unit &unit : kUnits) {
        if (unit.name == name)
            return unit.ms;
    }
    return std::nullopt;
}

/// Could `name` be the start of a unit?
bool unitPrefix(QStringView name)
{
    for (QStringView unit : {u"d", u"h", u"min", u"sec", u"ms"}) {
        if (unit.startsWith(name))
            return true;
    }
    return false;
}
} // namespace

QString DurationText::format(qint64 ms)
{
    if (ms < 0)
        return QString::number(ms) + u" ms"_s;
    if (ms == 0)
        return u"0 s"_s;
    if (ms < 1000)
        return QString::number(ms) + u" ms"_s;
    if (ms < 60'000 && ms % 1000 != 0)
        return QString::number(double(ms) / 1000.0, 'g', 6) + u" s"_s;
    QStringList parts;
    qint64 rest = ms;
    for (const Unit &unit : kUnits) {
        if (rest >= unit.ms) {
            parts << QString::number(rest / unit.ms) + u' ' + unit.name.toString();
            rest %= unit.ms;
        }
    }
    return parts.join(u' ');
}

DurationText::Parse DurationText::parse(QStringView text, qint64 *ms)
{
    const QString trimmed = text.trimmed().toString();
    if (trimmed.isEmpty())
        return Parse::Incomplete;
    double total = 0;
    qsizetype i = 0;
    bool anyUnit = false;
    int pairs = 0;
    while (i < trimmed.size()) {
        while (i < trimmed.size() && trimmed.at(i).isSpace())
            ++i;
        const qsizetype numberStart = i;
        while (i < trimmed.size() && (trimmed.at(i).isDigit() || trimmed.at(i) == u'.'))
            ++i;
        if (i == numberStart)
            return Parse::Invalid;
        bool ok = false;
        const double number = QLocale::c().toDouble(trimmed.mid(numberStart, i - numberStart), &ok);
        const bool trailingPoint = trimmed.at(i - 1) == u'.';
        while (i < trimmed.size() && trimmed.at(i).isSpace())
            ++i;
        const qsizetype unitStart = i;
        while (i < trimmed.size() && trimmed.at(i).isLetter())
            ++i;
        const QString unit = trimmed.mid(unitStart, i - unitStart).toLower();
        ++pairs;
        if (!ok)
            return trailingPoint && i == trimmed.size() ? Parse::Incomplete : Parse::Invalid;
        if (unit.isEmpty()) {
            if (i < trimmed.size())
                return Parse::Invalid;
            if (anyUnit) // "1 h 30": the next unit is still to come
                return Parse::Incomplete;
            total += number; // a bare number: milliseconds
            break;
        }
        const std::optional<qint64> factor = unitMs(unit);
        if (!factor)
            return i == trimmed.size() && unitPrefix(unit) ? Parse::Incomplete : Parse::Invalid;
        anyUnit = true;
        total += number * double(*factor);
    }
    if (pairs == 0 || !std::isfinite(total) || total > 9e15)
        return Parse::Invalid;
    *ms = qint64(std::llround(total));
    return Parse::Complete;
}

} // namespace sluice
