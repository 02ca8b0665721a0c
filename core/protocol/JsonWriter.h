#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QStringView>

namespace sluice {

/// Writes compact JSON (RFC 8259) straight into bytes, for the answers the gateway sends
/// most often (an admission decision, the end of a request): building a QJsonObject and
/// serialising it cost more than deciding. Everything else keeps using Qt's JSON classes.
///
/// Members and array elements are separated by the writer; the caller nests begin/end
/// correctly (asserted in debug builds). Strings are escaped (quote, backslash, control
/// characters) and written as UTF-8; a lone surrogate is written escaped (backslash, u, four
/// hex digits), as QJsonDocument writes it. Keys are plain ASCII names without characters to escape.
/// A value; not thread-safe.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    /// The next member's name; a value must follow.
    JsonWriter &key(QLatin1StringView name);

    JsonWriter &string(QStringView text);
    JsonWriter &number(qint64 value);
    JsonWriter &boolean(bool value);
    JsonWriter &null();

    /// The document so far (whole once every begin has its end).
    const QByteArray &bytes() const { return m_out; }
    QByteArray take() { return std::move(m_out); }

private:
    void separate();
    void open(char bracket);
    void close(char bracket);

    QByteArray m_out;
    quint64 m_needsComma = 0; ///< one bit per open container, innermost lowest
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace sluice
