#include "SharedStack.h"

#include "Gateway.h"
#include "api/ApiKeys.h"
#include "api/ApiService.h"
#include "shared/SharedLink.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>

namespace sluice::bench {

using namespace Qt::StringLiterals;

namespace {
constexpr int kReadyMs = 10'000;
} // namespace

std::unique_ptr<SharedStack> SharedStack::start(const QUrl &upstream,
                                                const QByteArray &upstreamKey, int upstreamSlots,
                                                int replicas, QString *error)
{
    std::unique_ptr<SharedStack> stack(new SharedStack);
    if (!stack->m_redis.start(error))
        return nullptr;
    const QString configPath = stack->m_dir.filePath(u"sluice.toml"_s);
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly)) {
        *error = u"cannot write %1"_s.arg(configPath);
        return nullptr;
    }
    config.write("default_tier = \"bench\"\n[pools.llm]\nmax_concurrent = " +
                 QByteArray::number(upstreamSlots) +
                 "\nmax_queue_length = 100000\nqueue_timeout_ms = 600000\nupstream_url = \"" +
                 upstream.toString().toUtf8() +
                 "\"\nupstream_key_env = \"BENCH_UPSTREAM_KEY\"\nupstream_auth_header = "
                 "\"x-api-key\"\n[tiers.bench]\ndaily_requests = 1000000000\n");
    config.close();
    stack->m_log.setFileName(u"/dev/null"_s); // no access log: it would be the bench's cost
    if (!stack->m_log.open(QIODevice::WriteOnly)) {
        *error = u"cannot open /dev/null"_s;
        return nullptr;
    }
    for (int i = 0; i < replicas; ++i) {
        GatewayOptions options;
        options.logOutput = &stack->m_log;
        options.configPath = configPath;
        options.dataDir = stack->m_dir.filePath(u"replica-%1"_s.arg(i));
        options.http.port = 0;
        options.environment = QProcessEnvironment();
        options.environment.insert(u"BENCH_UPSTREAM_KEY"_s, QString::fromLatin1(upstreamKey));
        SharedOptions shared;
        shared.url = *RedisUrl::parse(stack->m_redis.url());
        shared.deployment = u"bench"_s;
        shared.replica = u"replica-%1"_s.arg(i);
        options.shared = shared;
        Result<std::unique_ptr<Gateway>> started = Gateway::start(options);
        if (!started) {
            *error = started.error().message;
            return nullptr;
        }
        std::unique_ptr<Gateway> gateway = std::move(started).value();
        const Result<ApiKeys::Created> key = gateway->api().keys().create(u"bench"_s, Role::Client);
        if (!key) {
            *error = key.error().message;
            return nullptr;
        }
        stack->m_keys.append(key->key.toLatin1());
        QDeadlineTimer deadline(kReadyMs);
        while (!gateway->sharedLink()->isReady() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (!gateway->sharedLink()->isReady()) {
            *error = u"replica %1 did not reach Redis: %2"_s.arg(i).arg(
                gateway->sharedLink()->problem());
            return nullptr;
        }
        stack->m_gateways.push_back(std::move(gateway));
    }
    return stack;
}

SharedStack::~SharedStack() = default;

QList<std::pair<QUrl, QByteArray>> SharedStack::targets(const QString &path) const
{
    QList<std::pair<QUrl, QByteArray>> targets;
    for (size_t i = 0; i < m_gateways.size(); ++i)
        targets.append({QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_gateways[i]->port()).arg(path)),
                        m_keys.at(qsizetype(i))});
    return targets;
}

} // namespace sluice::bench
