#include "HttpReply.h"

#include "HttpConnection.h"
#include "HttpFraming.h"

namespace sluice {

HttpReply::HttpReply(HttpConnection &connection, bool close)
    : ApiReply(&connection)
    , m_connection(&connection)
    , m_close(close)
{}

qint64 HttpReply::bufferedBytes() const
{
    return m_held.size() + (m_connection ? m_connection->bytesToWrite(this) : 0);
}

void HttpReply::output(const QByteArray &bytes)
{
    if (m_connection && m_connection->isFront(this))
        m_connection->write(bytes);
    else
        m_held += bytes;
}

void HttpReply::sendResponse(const ApiResponse &response)
{
    output(httpframing::message(response.status, response.headers, response.effectiveContentType(),
                                response.serializedBody(), m_close));
}

void HttpReply::sendHead(int status, const ApiHeaders &headers)
{
    ApiHeaders all;
    for (const auto &header : headers) {
        if (header.first != "content-length" && header.first != "transfer-encoding")
            all.append(header);
    }
    all.append({QByteArray("transfer-encoding"), QByteArray("chunked")});
    output(httpframing::head(status, all, m_close));
}

void HttpReply::sendChunk(const QByteArray &chunk)
{
    output(httpframing::chunk(chunk));
    if (m_connection && m_connection->isFront(this))
        m_connection->flush(); // a streamed piece goes out now, not at the next loop turn
}

void HttpReply::sendEnd()
{
    output(httpframing::lastChunk().toByteArray());
}

void HttpReply::sendAbort()
{
    m_broken = true; // the connection closes once this reply is done (HttpConnection)
}

} // namespace sluice
