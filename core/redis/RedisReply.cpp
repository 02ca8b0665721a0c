#include "redis/RedisReply.h"

#include <hiredis/hiredis.h>

namespace sluice {

QByteArray RedisReply::errorCode() const
{
    if (failure != Failure::ServerError)
        return {};
    const qsizetype space = text.indexOf(' ');
    return space < 0 ? text : text.left(space);
}

RedisReply RedisReply::fromHiredis(const redisReply &reply)
{
    RedisReply out;
    switch (reply.type) {
    case REDIS_REPLY_STATUS:
        out.type = Type::Status;
        out.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = Type::Error;
        out.failure = Failure::ServerError;
        out.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = Type::Integer;
        out.integer = reply.integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = Type::String;
        out.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = Type::Array;
        out.elements.reserve(qsizetype(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            out.elements.append(fromHiredis(*reply.element[i]));
        break;
    default:
        out.type = Type::Nil;
        break;
    }
    return out;
}

RedisReply RedisReply::timeout(int afterMs)
{
    RedisReply out;
    out.type = Type::Error;
    out.failure = Failure::Timeout;
    out.text = "Redis did not answer within " + QByteArray::number(afterMs) + " ms";
    return out;
}

RedisReply RedisReply::unavailable(const QByteArray &why)
{
    RedisReply out;
    out.type = Type::Error;
    out.failure = Failure::Unavailable;
    out.text = why;
    return out;
}

} // namespace sluice
