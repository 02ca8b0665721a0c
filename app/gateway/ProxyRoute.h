#pragma once

#include "ResponseSink.h"
#include "api/ApiReply.h"

#include <QPointer>

namespace sluice {

class ApiKeys;
class ApiRouter;
class ReverseProxy;

/// The reverse proxy's answer written to an ApiReply (and so to the HTTP connection): a whole
/// response, or a streamed one whose pieces go out at once. The reply's clientGone() becomes
/// the sink's.
class ReplySink : public ResponseSink
{
    Q_OBJECT

public:
    explicit ReplySink(ApiReply &reply);

    void respond(int status, const HeaderList &headers, const QByteArray &body) override;
    void writeHead(int status, const HeaderList &headers) override;
    void writeChunk(const QByteArray &data) override;
    void finish() override;
    void abort() override;
    qint64 bufferedBytes() const override;

private:
    QPointer<ApiReply> m_reply;
};

/// Mounts `/proxy/<pool>/<path>` (GET, HEAD, POST, PUT, PATCH, DELETE; client role and up)
/// on the router, handing each request to `proxy`. The proxy checks the key again through
/// `keys` (ProxyOptions::authenticate, see proxyAuthenticator()).
void mountProxy(ApiRouter &router, ReverseProxy &proxy);

/// The proxy's key check: the key's name when it belongs to a client, support, operator or
/// admin key; nullopt otherwise.
std::function<std::optional<QString>(const QByteArray &)> proxyAuthenticator(ApiKeys &keys);

} // namespace sluice
