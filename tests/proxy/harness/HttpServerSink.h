#pragma once

#include "ResponseSink.h"

#include <QHttpServerResponder>
#include <QPointer>

class QTcpSocket;

namespace sluice::test {

/// A ResponseSink over a QHttpServerResponder that the route handler moved out of QHttpServer
/// 6.4 to answer later. QHttpServer 6.4 keeps the connection's socket until the peer
/// disconnects (then deletes it), and its responder only writes raw bytes, so the sink writes
/// the status line and chunked framing itself (HttpWire), flushes each chunk to the socket
/// at once, and watches the socket to report clientGone(). This is the shape the gateway's
/// streaming route needs; here it serves the proxy tests and benchmarks.
class HttpServerSink : public ResponseSink
{
    Q_OBJECT

public:
    /// `headRequest`: the request was HEAD, so no body is framed.
    HttpServerSink(QHttpServerResponder &&responder, bool headRequest);

    void respond(int status, const HeaderList &headers, const QByteArray &body) override;
    void writeHead(int status, const HeaderList &headers) override;
    void writeChunk(const QByteArray &data) override;
    void finish() override;
    void abort() override;
    qint64 bufferedBytes() const override;

private:
    QTcpSocket *liveSocket() const { return m_complete ? nullptr : m_socket.data(); }
    void socketGone();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_headRequest = false;
    bool m_chunked = false;
    bool m_complete = false;
};

} // namespace sluice::test
