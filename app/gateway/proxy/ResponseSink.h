#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>

#include <utility>

namespace sluice {

/// Header fields in order, names as received (compare them case-insensitively).
using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// Where the reverse proxy writes one response; the HTTP server's streaming route implements
/// it. The proxy calls either respond() once, or writeHead() once, writeChunk() any number of
/// times and then finish() or abort(); nothing after that. Every call hands its bytes to the
/// connection at once: the sink must not hold a streamed body back. Flow control is the
/// proxy's: it watches bufferedBytes() and written().
///
/// The sink emits clientGone() when the client disconnects before the response is complete;
/// later calls are ignored. The proxy owns the sink and deletes it when the exchange is over.
/// Threading: the proxy's thread.
class ResponseSink : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// A whole response with a body of known length (an error, a small answer).
    virtual void respond(int status, const HeaderList &headers, const QByteArray &body) = 0;
    /// Starts a streamed response. The sink frames the body (chunked transfer coding on
    /// HTTP/1.1); `headers` carry no Content-Length and no hop-by-hop fields.
    virtual void writeHead(int status, const HeaderList &headers) = 0;
    virtual void writeChunk(const QByteArray &data) = 0;
    /// Ends the body normally.
    virtual void finish() = 0;
    /// Ends a response whose body is incomplete so that the client sees it broken: the
    /// connection closes without the final chunk.
    virtual void abort() = 0;
    /// Bytes handed to the sink that the client has not taken yet. The proxy stops reading
    /// the upstream while this is over its limit and reads on at written().
    virtual qint64 bufferedBytes() const { return 0; }

signals:
    void clientGone();
    /// Some buffered bytes went out to the client.
    void written();
};

} // namespace sluice
