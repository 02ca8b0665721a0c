#include "redis/RedisConfigDocument.h"

namespace sluice {

RedisConfigDocument::RedisConfigDocument(RedisFunctions &functions, const RedisKeys &keys)
    : m_functions(functions)
    , m_keys{keys.configDocument(), keys.events()}
{}

void RedisConfigDocument::read(Answered answered)
{
    m_functions.call("sl_config_doc", m_keys, {}, [answered](const RedisReply &reply) {
        answered(RedisAnswer::of(reply));
    });
}

void RedisConfigDocument::publish(qint64 replaces, const QByteArray &document,
                                  const QString &replica, const QString &actor,
                                  Answered answered)
{
    m_functions.call("sl_config_publish", m_keys,
                     {QByteArray::number(replaces), document, replica.toUtf8(), actor.toUtf8()},
                     [answered](const RedisReply &reply) { answered(RedisAnswer::of(reply)); });
}

} // namespace sluice
