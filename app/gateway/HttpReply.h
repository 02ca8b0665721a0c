#pragma once

#include "api/ApiReply.h"

#include <QPointer>

namespace sluice {

class HttpConnection;

/// An ApiReply written to an HTTP/1.1 connection: a whole response with Content-Length, or a
/// stream with chunked transfer encoding. Its bytes go out in request order (HttpConnection
/// holds them back while an earlier reply on the same connection is unfinished). Deleted by
/// its connection once finished, or when the connection goes.
class HttpReply : public ApiReply
{
    Q_OBJECT

public:
    /// `close`: the client asked for Connection: close; the connection ends after this reply.
    HttpReply(HttpConnection &connection, bool close);

    qint64 bufferedBytes() const override;
    /// The connection ends after this reply: the client asked so, or the body was aborted.
    bool closesConnection() const { return m_close || m_broken; }

    // For HttpConnection.
    void setClosesConnection() { m_close = true; }
    QByteArray takeHeld() { return std::exchange(m_held, {}); }
    void connectionLost() { markClientGone(); }
    void notifyWritten() { emit written(); }

protected:
    void sendResponse(const ApiResponse &response) override;
    void sendHead(int status, const ApiHeaders &headers) override;
    void sendChunk(const QByteArray &chunk) override;
    void sendEnd() override;
    void sendAbort() override;

private:
    void output(const QByteArray &bytes);

    QPointer<HttpConnection> m_connection;
    bool m_close;
    bool m_broken = false;
    QByteArray m_held; ///< bytes waiting for earlier replies on the connection
};

} // namespace sluice
