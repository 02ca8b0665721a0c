#pragma once

#include "ReverseProxy.h"

#include <QHttpServer>
#include <QObject>
#include <QUrl>

namespace sluice::test {

/// A minimal HTTP server for the reverse proxy: `/proxy/<pool>/<path>` (any method) goes to
/// ReverseProxy::handle() with an HttpServerSink; anything else is 404. Stands in for the
/// gateway's router in tests and benchmarks.
class ProxyHttpServer : public QObject
{
    Q_OBJECT

public:
    explicit ProxyHttpServer(ReverseProxy &proxy, QObject *parent = nullptr);

    /// Listens on 127.0.0.1 (port 0: any free port). Returns the port, 0 on failure.
    quint16 listen(quint16 port = 0);
    QUrl baseUrl() const;

private:
    void route(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    ReverseProxy &m_proxy;
    QHttpServer m_server;
    quint16 m_port = 0;
};

} // namespace sluice::test
