#include "HttpWire.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace sluice::test::HttpWire {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 529: return "Overloaded";
    default: return {};
    }
}

QByteArray head(int status, const HeaderPairs &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                     + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    return out;
}

QByteArray chunk(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    return QByteArray::number(data.size(), 16) + "\r\n" + data.toByteArray() + "\r\n";
}

QByteArray lastChunk()
{
    return QByteArrayLiteral("0\r\n\r\n");
}

void reset(QTcpSocket *socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        const linger abortive{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    socket->abort();
}

} // namespace sluice::test::HttpWire
