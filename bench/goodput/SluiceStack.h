#pragma once

#include "EngineTicker.h"
#include "ProxyHttpServer.h"
#include "ReverseProxy.h"
#include "engine/Engine.h"
#include "util/SystemClock.h"

#include <QUrl>

#include <memory>

namespace sluice::bench {

/// Sluice in front of an upstream, in real time: an engine with one pool "llm" of `upstreamSlots`
/// concurrent requests, its timer, the reverse proxy and its HTTP server on 127.0.0.1.
class SluiceStack
{
public:
    static constexpr const char *kClientKey = "sk-sluice-bench";

    SluiceStack(const QUrl &upstream, const QByteArray &upstreamKey, int upstreamSlots);
    ~SluiceStack();

    bool listen();
    /// Where clients POST Anthropic Messages requests.
    QUrl messagesUrl() const;
    int inUse() const;

private:
    SystemClock m_clock;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<test::EngineTicker> m_ticker;
    std::unique_ptr<ReverseProxy> m_proxy;
    std::unique_ptr<test::ProxyHttpServer> m_server;
};

} // namespace sluice::bench
