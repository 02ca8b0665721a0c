#include "redis/RedisKeyRegistry.h"

namespace sluice {

RedisKeyRegistry::RedisKeyRegistry(RedisFunctions &functions, const RedisKeys &keys)
    : m_functions(functions)
    , m_keys{keys.apiKeys(), keys.events()}
{}

void RedisKeyRegistry::sync(const QString &version, const QList<QByteArray> &rows,
                            Answered answered)
{
    QList<QByteArray> args{version.toUtf8()};
    args.append(rows);
    m_functions.call("sl_keys", m_keys, args,
                     [answered](const RedisReply &reply) { answered(RedisAnswer::of(reply)); });
}

} // namespace sluice
