#include "api/ApiReply.h"

namespace sluice {

void ApiReply::respond(const ApiResponse &response)
{
    if (m_state != State::Waiting)
        return;
    m_status = response.status;
    m_errorCode = response.errorCode;
    if (!m_clientGone)
        sendResponse(response);
    finish();
}

void ApiReply::begin(int status, const ApiHeaders &headers)
{
    if (m_state != State::Waiting)
        return;
    m_status = status;
    m_state = State::Streaming;
    if (!m_clientGone)
        sendHead(status, headers);
}

void ApiReply::write(const QByteArray &chunk)
{
    if (m_state != State::Streaming || chunk.isEmpty())
        return;
    if (!m_clientGone)
        sendChunk(chunk);
}

void ApiReply::end()
{
    if (m_state != State::Streaming)
        return;
    if (!m_clientGone)
        sendEnd();
    finish();
}

void ApiReply::abort()
{
    if (m_state != State::Streaming)
        return;
    if (!m_clientGone)
        sendAbort();
    finish();
}

void ApiReply::markClientGone()
{
    if (m_clientGone || m_state == State::Finished)
        return;
    m_clientGone = true;
    emit clientGone();
}

void ApiReply::finish()
{
    m_state = State::Finished;
    emit finished();
}

} // namespace sluice
