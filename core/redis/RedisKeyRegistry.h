#pragma once

#include "redis/RedisPool.h"

namespace sluice {

/// The deployment's API keys in Redis (`{S}:keys`, sl_keys in lua/operations.lua): the union
/// of every replica's keys, each as its id, name, role, the SHA-256 of the key and its times
/// (never the key itself). A revocation is kept once made. Each change makes a new version
/// and a `keys` event on the stream.
/// Threading: the connection's thread.
class RedisKeyRegistry
{
public:
    using Answered = RedisPool::Answered;

    RedisKeyRegistry(RedisFunctions &functions, const RedisKeys &keys);

    /// Adds `rows` (JSON objects: id, name, role, hash in hex, created_at, revoked_at) to the
    /// registry. Answers {ver}, with {keys: [JSON text of each key], count} when `version` is
    /// not the registry's (empty: none held).
    void sync(const QString &version, const QList<QByteArray> &rows, Answered answered);

private:
    RedisFunctions &m_functions;
    QList<QByteArray> m_keys;
};

} // namespace sluice
