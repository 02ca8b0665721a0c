#include "util/LogEscape.h"

#include <QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sluice {
namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/// Characters a terminal or a log reader might not show as themselves.
bool isInvisible(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_NotAssigned:
    case QChar::Other_PrivateUse:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return true;
    default:
        return false;
    }
}

bool needsQuotes(char32_t c)
{
    return c == u' ' || c == u'"' || c == u'\\' || c == u'=' || isControl(c) || isInvisible(c);
}

/// Printable ASCII other than space, `"`, `\` and `=`: the characters of nearly every value
/// (ids, paths, peers, key names), told without decoding to UCS-4 or looking up categories.
bool isPlainAscii(QStringView value)
{
    return std::all_of(value.begin(), value.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return u > u' ' && u < 0x7f && u != u'"' && u != u'\\' && u != u'=';
    });
}

} // namespace

QString logValue(QStringView value)
{
    if (!value.isEmpty() && isPlainAscii(value))
        return value.toString();
    bool plain = !value.isEmpty();
    for (const char32_t c : value.toUcs4()) {
        if (needsQuotes(c)) {
            plain = false;
            break;
        }
    }
    if (plain)
        return value.toString();
    QString quoted;
    quoted.reserve(value.size() + 8);
    quoted += u'"';
    for (const char32_t c : value.toUcs4()) {
        if (c == u'"' || c == u'\\') {
            quoted += u'\\';
            quoted += QChar(c);
        } else if (isControl(c)) {
            quoted += u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'));
        } else if (c != u' ' && isInvisible(c)) {
            quoted += u"\\u{%1}"_s.arg(uint(c), 4, 16, QChar(u'0'));
        } else {
            quoted += QString::fromUcs4(&c, 1);
        }
    }
    quoted += u'"';
    return quoted;
}

QString logValue(QByteArrayView value)
{
    return logValue(QString::fromUtf8(value));
}

} // namespace sluice
