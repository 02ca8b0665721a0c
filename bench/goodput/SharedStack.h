#pragma once

#include "RedisServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <vector>

namespace sluice {
class Gateway;
}

namespace sluice::bench {

/// Several gateways sharing one pool "llm" of `upstreamSlots` through a redis-server of their own
/// (sluiced --redis, in this process, each on its own loopback port), in front of the
/// upstream: the shared mode of goodput.
class SharedStack
{
public:
    static std::unique_ptr<SharedStack> start(const QUrl &upstream, const QByteArray &upstreamKey,
                                              int upstreamSlots, int replicas, QString *error);
    ~SharedStack();

    /// Each replica's proxy URL for `path` and a client key of that replica.
    QList<std::pair<QUrl, QByteArray>> targets(const QString &path) const;

private:
    SharedStack() = default;

    QTemporaryDir m_dir;
    QFile m_log;
    test::RedisServer m_redis;
    std::vector<std::unique_ptr<Gateway>> m_gateways;
    QList<QByteArray> m_keys;
};

} // namespace sluice::bench
