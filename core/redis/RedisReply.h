#pragma once

#include <QByteArray>
#include <QList>

struct redisReply;

namespace sluice {

/// One answer to one Redis command, copied out of hiredis's reply so it outlives it.
/// Failures are one kind of reply with a `failure` saying why: the server answered an error
/// (`text` holds it, e.g. "NOSCRIPT No matching script"), the command timed out (its late
/// answer, if any, is dropped), or the connection was not there or went away.
struct RedisReply
{
    enum class Type : quint8
    {
        Nil,
        Status,
        Error,
        Integer,
        String,
        Array
    };
    enum class Failure : quint8
    {
        None,
        ServerError,
        Timeout,
        Unavailable
    };

    Type type = Type::Nil;
    Failure failure = Failure::None;
    QByteArray text;            ///< Status, Error, String; for Timeout/Unavailable a sentence
    qint64 integer = 0;         ///< Integer
    QList<RedisReply> elements; ///< Array

    bool failed() const { return failure != Failure::None; }
    /// The error's first word, e.g. "NOSCRIPT" or "ERR"; empty unless a server error.
    QByteArray errorCode() const;

    static RedisReply fromHiredis(const redisReply &reply);
    static RedisReply timeout(int afterMs);
    static RedisReply unavailable(const QByteArray &why);
};

} // namespace sluice
