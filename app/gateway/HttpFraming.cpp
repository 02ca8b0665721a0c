#include "HttpFraming.h"

#include <QDateTime>
#include <QLocale>

#include <array>
#include <charconv>

namespace sluice::httpframing {

namespace {
constexpr std::array<std::pair<int, QByteArrayView>, 24> kPhrases{{
    {101, "Switching Protocols"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {413, "Content Too Large"},
    {426, "Upgrade Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {529, "Overloaded"},
}};
} // namespace

QByteArrayView reasonPhrase(int status)
{
    for (const auto &[code, phrase] : kPhrases) {
        if (code == status)
            return phrase;
    }
    return "Unknown";
}

QByteArray dateHeader()
{
    static qint64 cachedSecond = -1;
    static QByteArray cached;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 second = now.toSecsSinceEpoch();
    if (second != cachedSecond) {
        cachedSecond = second;
        cached = QLocale::c().toString(now, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();
    }
    return cached;
}

namespace {
bool isSafe(QByteArrayView text)
{
    return !text.contains('\r') && !text.contains('\n');
}

void appendHeader(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    if (!isSafe(name) || !isSafe(value))
        return; // never let a value end the head early
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
}

/// The status line, Date and `headers`, without the empty line that ends the head.
void appendHead(QByteArray &out, int status, const ApiHeaders &headers)
{
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\ndate: ";
    out += dateHeader();
    out += "\r\n";
    for (const auto &[name, value] : headers)
        appendHeader(out, name, value);
}
} // namespace

QByteArray head(int status, const ApiHeaders &headers, bool close)
{
    QByteArray out;
    out.reserve(256);
    appendHead(out, status, headers);
    if (close)
        out += "connection: close\r\n";
    out += "\r\n";
    return out;
}

QByteArray message(int status, const ApiHeaders &headers, QByteArrayView contentType,
                   QByteArrayView body, bool close)
{
    QByteArray out;
    out.reserve(256 + body.size());
    appendHead(out, status, headers);
    if (!contentType.isEmpty())
        appendHeader(out, "content-type", contentType);
    char digits[24];
    const auto length = std::to_chars(digits, digits + sizeof digits, body.size());
    out += "content-length: ";
    out.append(digits, length.ptr - digits);
    out += "\r\n";
    if (close)
        out += "connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

QByteArray chunk(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    QByteArray out = QByteArray::number(data.size(), 16);
    out += "\r\n";
    out += data;
    out += "\r\n";
    return out;
}

QByteArrayView lastChunk()
{
    return "0\r\n\r\n";
}

} // namespace sluice::httpframing
