#include "api/CallbackReply.h"

namespace sluice {

CallbackReply::CallbackReply(Done done, QObject *parent)
    : ApiReply(parent)
    , m_done(std::move(done))
{}

void CallbackReply::sendResponse(const ApiResponse &response)
{
    if (m_done)
        m_done(response);
}

void CallbackReply::sendHead(int status, const ApiHeaders &headers)
{
    m_streamed.status = status;
    m_streamed.headers = headers;
    for (const auto &[name, value] : headers) {
        if (name == "content-type")
            m_streamed.contentType = value;
    }
}

void CallbackReply::sendChunk(const QByteArray &chunk)
{
    m_streamed.body += chunk;
    if (m_chunk)
        m_chunk(chunk);
}

void CallbackReply::sendEnd()
{
    if (m_done)
        m_done(m_streamed);
}

void CallbackReply::sendAbort()
{
    if (m_done) {
        m_streamed.errorCode = QStringLiteral("ABORTED");
        m_done(m_streamed);
    }
}

} // namespace sluice
