#pragma once

#include "protocol/ApiResponse.h"

#include <QObject>

namespace sluice {

/// The way back from one request to its client. A handler answers exactly once, either
/// whole with respond(), or as a stream: begin() with the status and headers, then the body
/// in write() calls as it comes, then end() (the HTTP transport sends it with chunked
/// transfer encoding, so server-sent events pass through unbuffered). Later answers are
/// ignored. Handlers may answer later (asynchronously); they hold the reply through a
/// QPointer, because the transport deletes it once it is finished or the client has gone.
///
/// clientGone() tells a streaming or waiting handler that nobody is listening any more
/// (connection closed or reset); it is emitted at most once, and never after finished().
/// For flow control a producer compares bufferedBytes() with its limit and waits for
/// written() before writing more.
///
/// Threading: lives on the thread of the transport; call it there only.
class ApiReply : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void respond(const ApiResponse &response);
    void begin(int status, const ApiHeaders &headers);
    void write(const QByteArray &chunk);
    void end();
    /// Ends a streamed answer broken (e.g. the upstream failed mid-way): the client sees the
    /// connection close without the end of the body.
    void abort();

    bool isAnswered() const { return m_state != State::Waiting; }
    bool isFinished() const { return m_state == State::Finished; }
    bool isClientGone() const { return m_clientGone; }
    /// The status answered, 0 before.
    int status() const { return m_status; }
    /// The error code of an error response, for the logs.
    const QString &errorCode() const { return m_errorCode; }
    /// Bytes written but not yet sent to the client.
    virtual qint64 bufferedBytes() const { return 0; }

signals:
    void clientGone();
    void written();
    void finished();

protected:
    virtual void sendResponse(const ApiResponse &response) = 0;
    virtual void sendHead(int status, const ApiHeaders &headers) = 0;
    virtual void sendChunk(const QByteArray &chunk) = 0;
    virtual void sendEnd() = 0;
    virtual void sendAbort() = 0;
    /// Called by the transport when the client went away.
    void markClientGone();

private:
    enum class State : quint8
    {
        Waiting,
        Streaming,
        Finished
    };

    void finish();

    State m_state = State::Waiting;
    bool m_clientGone = false;
    int m_status = 0;
    QString m_errorCode;
};

} // namespace sluice
