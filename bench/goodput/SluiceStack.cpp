#include "SluiceStack.h"

using namespace Qt::StringLiterals;

namespace sluice::bench {

SluiceStack::SluiceStack(const QUrl &upstream, const QByteArray &upstreamKey, int upstreamSlots)
{
    EngineConfig config;
    PoolConfig pool;
    pool.name = u"llm"_s;
    pool.maxConcurrent = upstreamSlots;
    pool.maxQueueLength = 100'000;
    pool.queueTimeoutMs = 600'000;
    pool.upstreamUrl = upstream.toString();
    pool.upstreamKeyEnv = u"BENCH_UPSTREAM_KEY"_s;
    pool.upstreamAuthHeader = u"x-api-key"_s;
    config.pools = {pool};
    TierConfig tier;
    tier.name = u"bench"_s;
    tier.dailyRequests = 1'000'000'000;
    config.tiers = {tier};
    config.defaultTier = tier.name;
    m_engine = std::make_unique<Engine>(m_clock, config);
    m_ticker = std::make_unique<test::EngineTicker>(*m_engine, m_clock);

    ProxyOptions options;
    options.authenticate = [](const QByteArray &key) -> std::optional<QString> {
        return key == kClientKey ? std::optional(u"bench"_s) : std::nullopt;
    };
    options.environment = QProcessEnvironment();
    options.environment.insert(u"BENCH_UPSTREAM_KEY"_s, QString::fromLatin1(upstreamKey));
    m_proxy = std::make_unique<ReverseProxy>(*m_engine, m_clock, options);
    m_server = std::make_unique<test::ProxyHttpServer>(*m_proxy);
}

SluiceStack::~SluiceStack()
{
    m_server.reset();
    m_proxy.reset();
}

bool SluiceStack::listen()
{
    return m_server->listen() != 0;
}

QUrl SluiceStack::messagesUrl() const
{
    return m_server->baseUrl().resolved(QUrl(u"/proxy/llm/v1/messages"_s));
}

int SluiceStack::inUse() const
{
    return m_engine->poolStatus(u"llm"_s)->inUse;
}

} // namespace sluice::bench
