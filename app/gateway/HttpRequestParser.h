#pragma once

#include "protocol/ApiRequest.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace sluice {

/// Reads one HTTP/1.1 request at a time from raw bytes, with Boost.Beast's request parser
/// underneath (RFC 9112 framing: request line, header fields, Content-Length or chunked
/// body) and our own checks on top of it: a request with both Content-Length and
/// Transfer-Encoding, a Transfer-Encoding other than plain `chunked`, a folded header line
/// and a CR or LF inside a header value are refused (Beast 1.74 accepts the last three).
///
/// feed() takes the bytes not yet consumed; while a head is incomplete it consumes nothing
/// and must be fed the same bytes again with more behind them (the head stays contiguous).
/// It stops once the head is complete (Step::Head) so that the caller can authenticate it
/// before reading the body, then reads the body on later calls up to Step::Done.
/// No sockets, no Qt event loop: the fuzz target drives it directly. One thread.
class HttpRequestParser
{
public:
    struct Limits
    {
        qint64 maxHeadBytes = 64 * 1024;
        qint64 maxBodyBytes = 1 << 20;
    };

    enum class Step : quint8
    {
        NeedMore, ///< consumed what it could; feed more bytes
        Head,     ///< the head is complete: head() is filled, the body follows
        Done,     ///< the whole request is in: takeRequest()
        Error     ///< the request is refused: errorStatus(), errorCode(), errorMessage()
    };

    explicit HttpRequestParser(const Limits &limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    /// Starts a new request (after Done).
    void reset();
    /// Parses from `data`; `*consumed` is set to the bytes used.
    Step feed(QByteArrayView data, qsizetype *consumed);

    bool headStarted() const { return m_headStarted; }
    bool headDone() const { return m_headDone; }
    /// The request so far: after Head, everything but the body; after Done, with it.
    ApiRequest &request() { return m_request; }
    ApiRequest takeRequest() { return std::move(m_request); }
    /// From the head: the client wants the connection closed after this request.
    bool closeRequested() const { return m_close; }
    bool expectsContinue() const { return m_expectContinue; }
    bool isUpgrade() const { return m_upgrade; }
    /// Body bytes announced by Content-Length (0 for none or chunked).
    qint64 contentLength() const { return m_contentLength; }

    int errorStatus() const { return m_errorStatus; }
    const QString &errorCode() const { return m_errorCode; }
    const QString &errorMessage() const { return m_errorMessage; }

private:
    class Impl;
    friend class Impl;

    Step fail(int status, const QString &code, const QString &message);

    Limits m_limits;
    std::unique_ptr<Impl> m_impl;
    ApiRequest m_request;
    bool m_headStarted = false;
    bool m_headDone = false;
    bool m_close = false;
    bool m_expectContinue = false;
    bool m_upgrade = false;
    bool m_sawLength = false;
    bool m_sawTransferEncoding = false;
    qint64 m_contentLength = 0;
    int m_errorStatus = 0;
    QString m_errorCode;
    QString m_errorMessage;
};

} // namespace sluice
