#pragma once

#include "redis/RedisPool.h"

namespace sluice {

/// The deployment's configuration in Redis (`{S}:config`, the last functions of
/// lua/operations.lua): one JSON document and its version, which every replica applies. A
/// new version is written only over the one its writer last saw, and each new version is a
/// `config` event on the stream (its version in the event's id, its writer as the owner).
/// Threading: the connection's thread.
class RedisConfigDocument
{
public:
    using Answered = RedisPool::Answered;

    RedisConfigDocument(RedisFunctions &functions, const RedisKeys &keys);

    /// Answers {ver, doc, replica, actor}; ver 0 and an empty doc: none was published yet.
    void read(Answered answered);
    /// Publishes `document` as the version after `replaces`: {ver} when that was the stored
    /// version, else STALE_CONFIG with the stored version as `cfgver`.
    void publish(qint64 replaces, const QByteArray &document, const QString &replica,
                 const QString &actor, Answered answered);

private:
    RedisFunctions &m_functions;
    QList<QByteArray> m_keys;
};

} // namespace sluice
