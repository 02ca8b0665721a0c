#include "protocol/JsonWriter.h"

#include <algorithm>
#include <charconv>

namespace sluice {

namespace {

constexpr char kHex[] = "0123456789abcdef";

/// The escape of an ASCII character that JSON does not allow as it is, or nullptr.
const char *shortEscape(char16_t c)
{
    switch (c) {
    case u'"':
        return "\\\"";
    case u'\\':
        return "\\\\";
    case u'\b':
        return "\\b";
    case u'\f':
        return "\\f";
    case u'\n':
        return "\\n";
    case u'\r':
        return "\\r";
    case u'\t':
        return "\\t";
    default:
        return nullptr;
    }
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(reserve);
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_depth > 0) {
        if (m_needsComma & 1)
            m_out += ',';
        m_needsComma |= 1;
    }
}

void JsonWriter::open(char bracket)
{
    separate();
    Q_ASSERT(m_depth < 63);
    m_out += bracket;
    m_needsComma <<= 1;
    ++m_depth;
}

void JsonWriter::close(char bracket)
{
    Q_ASSERT(m_depth > 0 && !m_afterKey);
    m_out += bracket;
    m_needsComma >>= 1;
    --m_depth;
}

JsonWriter &JsonWriter::beginObject()
{
    open('{');
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    close('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    open('[');
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    close(']');
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    Q_ASSERT(m_depth > 0 && !m_afterKey);
    separate();
    m_out += '"';
    m_out += QByteArrayView(name.data(), name.size());
    m_out += "\":";
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::string(QStringView text)
{
    separate();
    m_out += '"';
    const char16_t *at = text.utf16();
    const char16_t *const end = at + text.size();
    while (at < end) {
        const char16_t c = *at;
        if (c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\') { // a run needing no escape
            const char16_t *runEnd = at + 1;
            while (runEnd < end && *runEnd >= 0x20 && *runEnd < 0x80 && *runEnd != u'"' &&
                   *runEnd != u'\\')
                ++runEnd;
            const qsizetype start = m_out.size();
            m_out.resize(start + (runEnd - at));
            std::copy(at, runEnd, m_out.data() + start); // each is ASCII: narrowed as it is
            at = runEnd;
            continue;
        }
        if (c >= 0x80) { // a run of non-ASCII characters (and surrogate pairs), as UTF-8
            const char16_t *runEnd = at;
            while (runEnd < end && *runEnd >= 0x80) {
                if (QChar::isHighSurrogate(*runEnd) && runEnd + 1 < end &&
                    QChar::isLowSurrogate(runEnd[1]))
                    runEnd += 2;
                else if (!QChar::isSurrogate(*runEnd))
                    ++runEnd;
                else
                    break; // a lone surrogate: escaped below
            }
            if (runEnd > at) {
                m_out += QStringView(at, runEnd).toUtf8();
                at = runEnd;
                continue;
            }
        }
        if (const char *escape = shortEscape(c)) {
            m_out += escape;
        } else { // another control character, or a lone surrogate (as Qt writes it)
            const char unicode[] = {
                '\\', 'u', kHex[c >> 12], kHex[(c >> 8) & 15], kHex[(c >> 4) & 15], kHex[c & 15]};
            m_out.append(unicode, sizeof unicode);
        }
        ++at;
    }
    m_out += '"';
    return *this;
}

JsonWriter &JsonWriter::number(qint64 value)
{
    separate();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_out.append(digits, result.ptr - digits);
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    separate();
    m_out += value ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    return *this;
}

} // namespace sluice
