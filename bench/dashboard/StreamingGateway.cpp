#include "StreamingGateway.h"

#include "Gateway.h"
#include "api/ApiKeys.h"
#include "api/ApiService.h"
#include "runtime/DemoTraffic.h"
#include "runtime/EngineRuntime.h"

#include <QDateTime>
#include <QFile>

#include <algorithm>

namespace sluice::bench {

using namespace Qt::StringLiterals;

StreamingGateway::StreamingGateway()
    : m_clock(QDateTime::currentMSecsSinceEpoch())
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(10);
    connect(&m_timer, &QTimer::timeout, this, &StreamingGateway::step);
}

StreamingGateway::~StreamingGateway()
{
    m_timer.stop();
    m_demo.reset();
    m_gateway.reset();
}

QByteArray StreamingGateway::config()
{
    // Pools that a demo user never exhausts: every pool sees requests in every 100 ms tick.
    QByteArray toml = "default_tier = \"free\"\n";
    for (int i = 1; i <= kPools; ++i) {
        toml +=
            "[pools.pool-" + QByteArray::number(i) +
            "]\nmax_concurrent = " + QByteArray::number(10 + 2 * i) +
            "\nrequests_per_minute = 600\ntokens_per_minute = 2000000\nmax_queue_length = 1000\n";
    }
    for (const char *tier : {"free", "basic", "pro", "enterprise"})
        toml += "[tiers." + QByteArray(tier) +
                "]\ndaily_requests = 1000000\nmax_concurrent_per_user = 50\n";
    toml += "[[alert_rules]]\nid = \"pool-concurrency\"\nmetric = \"pool_concurrency\"\nthreshold "
            "= 0.8\n"
            "clear_below = 0.7\n";
    return toml;
}

Result<Done> StreamingGateway::start()
{
    QFile file(m_dir.filePath(u"bench.toml"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(config()) < 0) {
        return Error{errors::kFileFailed, u"cannot write %1"_s.arg(file.fileName()), {}};
    }
    file.close();
    auto *devNull = new QFile(u"/dev/null"_s, this);
    if (!devNull->open(QIODevice::WriteOnly)) {
        return Error{errors::kFileFailed, u"cannot open /dev/null"_s, {}};
    }
    GatewayOptions options;
    options.configPath = file.fileName();
    options.dataDir = m_dir.filePath(u"data"_s);
    options.http.port = 0;
    options.clock = &m_clock;
    options.runTimer = false;
    options.logOutput = devNull;
    Result<std::unique_ptr<Gateway>> started = Gateway::start(options);
    if (!started)
        return started.error();
    m_gateway = std::move(started).value();
    const Result<ApiKeys::Created> key =
        m_gateway->api().keys().create(u"dashboard-bench"_s, Role::Support);
    if (!key)
        return key.error();
    m_key = key->key;
    m_demo = std::make_unique<DemoTraffic>(m_gateway->runtime().engine());
    m_wall.start();
    m_timer.start();
    return Done{};
}

quint16 StreamingGateway::port() const
{
    return m_gateway->port();
}

void StreamingGateway::step()
{
    const qint64 now = m_wall.elapsed();
    m_owedMs += double(now - m_lastWallMs) * m_speed;
    m_lastWallMs = now;
    m_owedMs = std::min(m_owedMs, 2000.0); // a stalled child catches up, it does not spiral
    while (m_owedMs >= DemoTraffic::kTickMs) {
        m_owedMs -= DemoTraffic::kTickMs;
        m_clock.advance(DemoTraffic::kTickMs);
        m_demo->tick();
        m_gateway->advance();
    }
}

} // namespace sluice::bench
