#pragma once

#include "api/ApiReply.h"

#include <functional>

namespace sluice {

/// An ApiReply for in-process callers (the dashboard's embedded backend, tests): calls `done`
/// once with the whole response. A stream's chunks are collected into the body (and passed
/// to `chunk` as they come, when set). Threading: as ApiReply.
class CallbackReply : public ApiReply
{
    Q_OBJECT

public:
    using Done = std::function<void(const ApiResponse &response)>;
    using Chunk = std::function<void(const QByteArray &chunk)>;

    explicit CallbackReply(Done done, QObject *parent = nullptr);
    void setChunkCallback(Chunk chunk) { m_chunk = std::move(chunk); }
    /// The caller stopped listening: the handler sees clientGone(); `done` is not called.
    void abandon() { markClientGone(); }

protected:
    void sendResponse(const ApiResponse &response) override;
    void sendHead(int status, const ApiHeaders &headers) override;
    void sendChunk(const QByteArray &chunk) override;
    void sendEnd() override;
    void sendAbort() override;

private:
    Done m_done;
    Chunk m_chunk;
    ApiResponse m_streamed;
};

} // namespace sluice
