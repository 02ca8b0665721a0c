#include "HttpServerSink.h"

#include "HttpWire.h"

#include <QTcpSocket>

namespace sluice::test {

HttpServerSink::HttpServerSink(QHttpServerResponder &&responder, bool headRequest)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_headRequest(headRequest)
{
    // A streamed answer is many small writes: without TCP_NODELAY, Nagle's algorithm holds
    // each one back until the client's delayed ACK (40 ms on Linux).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpServerSink::socketGone);
    connect(m_socket, &QObject::destroyed, this, &HttpServerSink::socketGone);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ResponseSink::written);
}

qint64 HttpServerSink::bufferedBytes() const
{
    const QTcpSocket *socket = m_socket.data();
    return socket ? socket->bytesToWrite() : 0;
}

void HttpServerSink::socketGone()
{
    if (m_complete)
        return;
    m_complete = true;
    emit clientGone();
}

void HttpServerSink::respond(int status, const HeaderList &headers, const QByteArray &body)
{
    QTcpSocket *socket = liveSocket();
    if (!socket)
        return;
    HeaderList all = headers;
    all.emplaceBack("content-length", QByteArray::number(body.size()));
    socket->write(HttpWire::head(status, all) + (m_headRequest ? QByteArray() : body));
    socket->flush();
    m_complete = true;
}

void HttpServerSink::writeHead(int status, const HeaderList &headers)
{
    QTcpSocket *socket = liveSocket();
    if (!socket)
        return;
    HeaderList all = headers;
    m_chunked = !m_headRequest && status >= 200 && status != 204 && status != 304;
    if (m_chunked)
        all.emplaceBack("transfer-encoding", "chunked");
    socket->write(HttpWire::head(status, all));
    socket->flush();
}

void HttpServerSink::writeChunk(const QByteArray &data)
{
    QTcpSocket *socket = liveSocket();
    if (!socket || !m_chunked)
        return;
    socket->write(HttpWire::chunk(data));
    socket->flush();
}

void HttpServerSink::finish()
{
    QTcpSocket *socket = liveSocket();
    if (!socket)
        return;
    if (m_chunked)
        socket->write(HttpWire::lastChunk());
    socket->flush();
    m_complete = true;
}

void HttpServerSink::abort()
{
    QTcpSocket *socket = liveSocket();
    if (!socket)
        return;
    m_complete = true;
    socket->disconnectFromHost();
}

} // namespace sluice::test
